"""Music: works, the film's use of them, and music credits."""

from django.db import models
from django.db.models import Q

from filmkb.models import (
    Entity,
    FilmFact,
    citation_model,
    exactly_one,
    film_key_constraint,
    require_exactly_one,
)
from films.models.film import Film
from people.models import Organization, Person


class MusicWork(Entity):
    class Kind(models.TextChoices):
        SCORE = "score", "Film score"
        SONG = "song", "Song"
        FRAGMENT = "fragment", "Musical fragment"
        ALBUM = "album", "Album"
        SOUNDTRACK_ALBUM = "soundtrack_album", "Soundtrack album"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    albums = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="tracks",
        help_text="Albums it appears on.",
    )
    track_count = models.PositiveSmallIntegerField(null=True, blank=True)
    description = models.CharField(max_length=500, blank=True, help_text="In your own words.")

    url_name = "films:music"

    class Meta(Entity.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(track_count__gt=0), name="musicwork_track_count_positive"
            )
        ]


class FilmMusic(FilmFact):
    class Usage(models.TextChoices):
        SCORE = "score", "Original score"
        ORIGINAL_SONG = "original_song", "Original song"
        FEATURED = "featured", "Featured recording"
        MELODY = "melody", "Melody heard"
        FRAGMENT = "fragment", "Fragment written for a scene"
        SOUNDTRACK = "soundtrack", "Soundtrack release"

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="music")
    work = models.ForeignKey(MusicWork, on_delete=models.PROTECT, related_name="film_uses")
    usage = models.CharField(max_length=15, choices=Usage.choices)
    summary = models.TextField(blank=True, help_text="How it is used, in your own words.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["film", "order", "id"]
        verbose_name_plural = "film music"
        constraints = [film_key_constraint("filmmusic")]

    def __str__(self):
        return f"{self.work} ({self.get_usage_display()})"


class MusicCredit(FilmFact):
    class Role(models.TextChoices):
        COMPOSER = "composer", "Composer"
        SONGWRITER = "songwriter", "Writer"
        PERFORMER = "performer", "Performer"
        FEATURED = "featured", "Featured performer"
        ADDITIONAL_MUSIC = "additional_music", "Additional music"
        CONTRIBUTOR = "contributor", "Major contributor"
        LYRICIST = "lyricist", "Lyricist"

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="music_credits")
    work = models.ForeignKey(MusicWork, on_delete=models.CASCADE, related_name="credits")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="music_credits"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="music_credits"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["work", "order", "id"]
        constraints = [
            film_key_constraint("musiccredit"),
            models.CheckConstraint(
                condition=exactly_one("person", "organization"),
                name="musiccredit_person_xor_organization",
            ),
        ]

    @property
    def credited_entity(self):
        return self.person or self.organization

    def __str__(self):
        return f"{self.person or self.organization} — {self.get_role_display()}, {self.work}"

    def clean(self):
        require_exactly_one(
            self, "person", "organization", message="Name either a person or a group."
        )


FilmMusicCitation = citation_model(FilmMusic)

MusicCreditCitation = citation_model(MusicCredit)
