"""Awards: bodies (organizations), ceremonies, categories, nominations and nominees."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from filmkb.dates import PartialDateField
from filmkb.links import path_for
from filmkb.models import (
    Entity,
    EntityManager,
    EntityQuerySet,
    FilmFact,
    FilmFactManager,
    FilmFactQuerySet,
    citation_model,
    exactly_one,
    film_key_constraint,
    require_exactly_one,
)
from people.models import Organization, Person


class CeremonyQuerySet(EntityQuerySet):
    def for_list(self):
        return self.select_related("body")


class Ceremony(Entity):
    """One edition of an award: '86th Academy Awards'."""

    body = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="ceremonies")
    edition = models.PositiveSmallIntegerField(null=True, blank=True, help_text="e.g. 86.")
    year = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Film year honoured.")
    date = PartialDateField(null=True, blank=True, help_text="When it was held, if a source says.")

    objects = EntityManager.from_queryset(CeremonyQuerySet)()

    url_name = "awards:ceremony"

    class Meta(Entity.Meta):
        ordering = ["body", "edition", "year"]
        verbose_name_plural = "ceremonies"
        constraints = [
            models.UniqueConstraint(
                fields=["body", "edition"],
                condition=Q(edition__isnull=False),
                name="ceremony_unique_edition_per_body",
            ),
            models.CheckConstraint(condition=Q(edition__gte=1), name="ceremony_edition_positive"),
        ]

    def clean(self):
        if self.edition is not None and self.edition < 1:
            raise ValidationError({"edition": "Editions are numbered from 1."})


class Category(Entity):
    body = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="award_categories"
    )

    url_name = "awards:category"

    class Meta(Entity.Meta):
        ordering = ["body", "name"]
        verbose_name_plural = "categories"
        constraints = [
            models.UniqueConstraint(fields=["body", "name"], name="category_unique_name_per_body")
        ]


class NominationQuerySet(FilmFactQuerySet):
    def for_list(self):
        """Grouped by film, in the nomination table's own columns, which the index of
        ``nomination_unique_category_per_film`` serves: ordering by the film's, the
        ceremony's and the category's names would join and sort every nomination."""
        return (
            self.select_related("film", "ceremony__body", "category")
            .prefetch_related(
                models.Prefetch(
                    "nominees",
                    queryset=Nominee.objects.select_related("person", "organization", "music_work"),
                )
            )
            .order_by("film_id", "ceremony_id", "category_id")
        )


class Nomination(FilmFact):
    class Result(models.TextChoices):
        WON = "won", "Won"
        NOMINATED = "nominated", "Nominated"
        PENDING = "pending", "Pending"

    film = models.ForeignKey("films.Film", on_delete=models.CASCADE, related_name="nominations")
    ceremony = models.ForeignKey(Ceremony, on_delete=models.PROTECT, related_name="nominations")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="nominations")
    result = models.CharField(max_length=10, choices=Result.choices)
    note = models.CharField(max_length=500, blank=True, help_text="In your own words.")

    objects = FilmFactManager.from_queryset(NominationQuerySet)()

    class Meta:
        ordering = ["film", "ceremony", "category"]
        constraints = [
            film_key_constraint("nomination"),
            models.UniqueConstraint(
                fields=["film", "ceremony", "category"], name="nomination_unique_category_per_film"
            ),
        ]
        # A ceremony's and a category's pages: their first nominations, in index order.
        indexes = [
            models.Index(
                fields=["ceremony", "category", "film"], name="nomination_ceremony_order_idx"
            ),
            models.Index(
                fields=["category", "ceremony", "film"], name="nomination_category_order_idx"
            ),
        ]

    def __str__(self):
        return f"{self.ceremony}: {self.category} ({self.get_result_display().lower()})"

    def get_absolute_url(self):
        return path_for("awards:nomination", slug=self.film.slug, key=self.key)

    def clean(self):
        if self.category_id and self.ceremony_id and self.category.body_id != self.ceremony.body_id:
            raise ValidationError({"category": "The category belongs to another award body."})


class NomineeManager(models.Manager):
    def get_by_natural_key(self, film_slug, nomination_key, order):
        return self.get(
            nomination__film__slug=film_slug, nomination__key=nomination_key, order=order
        )


class Nominee(models.Model):
    """Who or what was nominated. A nomination with no nominee rows honours the film itself."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="nominees")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="nominations"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="nominations"
    )
    music_work = models.ForeignKey(
        "films.MusicWork",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = NomineeManager()

    class Meta:
        ordering = ["nomination", "order"]
        constraints = [
            models.UniqueConstraint(fields=["nomination", "order"], name="nominee_unique_order"),
            models.CheckConstraint(
                condition=exactly_one("person", "organization", "music_work"),
                name="nominee_exactly_one_subject",
            ),
        ]

    def __str__(self):
        return str(self.subject)

    def natural_key(self):
        return (*self.nomination.natural_key(), self.order)

    natural_key.dependencies = ["awards.nomination"]

    def clean(self):
        require_exactly_one(
            self,
            "person",
            "organization",
            "music_work",
            message="A nominee is exactly one of: a person, an organization, a piece of music.",
        )

    @property
    def subject(self):
        return self.person or self.organization or self.music_work


class NominationTally(FilmFact):
    """The number of nominations and wins a source states for a film at one ceremony."""

    film = models.ForeignKey(
        "films.Film", on_delete=models.CASCADE, related_name="nomination_tallies"
    )
    ceremony = models.ForeignKey(Ceremony, on_delete=models.PROTECT, related_name="tallies")
    nominations = models.PositiveSmallIntegerField()
    wins = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Empty when not stated."
    )

    class Meta:
        ordering = ["film", "ceremony"]
        verbose_name_plural = "nomination tallies"
        constraints = [
            film_key_constraint("nominationtally"),
            models.CheckConstraint(
                condition=Q(wins__isnull=True) | Q(wins__lte=models.F("nominations")),
                name="nominationtally_wins_within_nominations",
            ),
        ]

    def __str__(self):
        wins = f", {self.wins} won" if self.wins is not None else ""
        return f"{self.ceremony}: {self.nominations} nominations{wins}"

    def clean(self):
        if self.wins is not None and self.nominations is not None and self.wins > self.nominations:
            raise ValidationError({"wins": "Wins cannot exceed nominations."})


NominationCitation = citation_model(Nomination)
NominationTallyCitation = citation_model(NominationTally)
