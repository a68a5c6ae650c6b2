"""Films, the lookup entities they link to, and the film-level facts (titles,
companies, themes, dedication, related works, external links)."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from filmkb.models import (
    Entity,
    EntityManager,
    EntityQuerySet,
    FilmFact,
    citation_model,
    film_key_constraint,
)
from people.models import Organization, Person


class Genre(Entity):
    url_name = "films:genre"


class Territory(Entity):
    class Kind(models.TextChoices):
        COUNTRY = "country", "Country"
        REGION = "region", "Region or market"
        WORLDWIDE = "worldwide", "Worldwide"

    code = models.CharField(max_length=10, blank=True, help_text="ISO 3166 code for a country.")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.COUNTRY)
    includes = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="included_in"
    )

    url_name = "films:territory"

    class Meta(Entity.Meta):
        verbose_name_plural = "territories"


class Language(Entity):
    code = models.CharField(max_length=10, blank=True, help_text="ISO 639 code.")

    url_name = "films:language"


class Location(Entity):
    class Kind(models.TextChoices):
        COUNTRY = "country", "Country"
        CITY = "city", "City"
        STUDIO = "studio", "Studio or backlot"
        BUILDING = "building", "Building"
        OTHER = "other", "Other"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CITY)
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children"
    )
    territory = models.ForeignKey(
        Territory, on_delete=models.SET_NULL, null=True, blank=True, related_name="locations"
    )

    url_name = "films:location"


class Theme(Entity):
    description = models.TextField(blank=True)

    url_name = "films:theme"


class Work(Entity):
    """Another work the knowledge base mentions: a film, episode, song, myth, game."""

    class Kind(models.TextChoices):
        FILM = "film", "Film"
        SHORT_FILM = "short_film", "Short film"
        TV_EPISODE = "tv_episode", "Television episode"
        TV_SERIES = "tv_series", "Television series"
        SONG = "song", "Song"
        ALBUM = "album", "Album"
        VIDEO_GAME = "video_game", "Video game"
        MYTH = "myth", "Myth"
        CHARACTER = "character", "Fictional character"
        BOOK = "book", "Book"
        OTHER = "other", "Other"

    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.FILM)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    creators = models.ManyToManyField(Person, blank=True, related_name="works")
    creator_organizations = models.ManyToManyField(Organization, blank=True, related_name="works")
    description = models.CharField(max_length=500, blank=True, help_text="In your own words.")
    film = models.OneToOneField(
        "Film",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="work",
        help_text="Set when the work is itself a film in the knowledge base.",
    )

    url_name = "films:work"

    def __str__(self):
        return f"{self.name} ({self.year})" if self.year else self.name


class FilmQuerySet(EntityQuerySet):
    def for_list(self):
        return self.prefetch_related("genres", "countries")


class Film(Entity):
    stylized_title = models.CharField(
        max_length=300, blank=True, help_text="How the title is styled, e.g. all lowercase."
    )
    year = models.PositiveSmallIntegerField(validators=[MinValueValidator(1878)])
    tagline = models.CharField(
        max_length=300, blank=True, help_text="One-line description in your own words."
    )
    synopsis = models.TextField(blank=True, help_text="Plot summary in your own words.")
    runtime_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Leave empty when no source states it."
    )
    genres = models.ManyToManyField(Genre, blank=True, related_name="films")
    countries = models.ManyToManyField(Territory, blank=True, related_name="films")
    languages = models.ManyToManyField(Language, blank=True, related_name="films")

    objects = EntityManager.from_queryset(FilmQuerySet)()

    url_name = "films:film"

    class Meta(Entity.Meta):
        ordering = ["name", "year"]
        # the list's order with the key: a deep page's keys are read from the index alone
        indexes = [models.Index(fields=["name", "year", "id"], name="film_list_order_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(runtime_minutes__gt=0), name="film_runtime_positive")
        ]

    def __str__(self):
        return f"{self.name} ({self.year})"

    def clean(self):
        if self.runtime_minutes is not None and self.runtime_minutes <= 0:
            raise ValidationError(
                {"runtime_minutes": "Running time must be a positive number of minutes."}
            )


class FilmTitle(FilmFact):
    class Kind(models.TextChoices):
        ORIGINAL = "original", "Original title"
        STYLIZED = "stylized", "Stylized title"
        WORKING = "working", "Working title"
        ALTERNATIVE = "alternative", "Alternative title"

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="titles")
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    territory = models.ForeignKey(
        Territory, on_delete=models.PROTECT, null=True, blank=True, related_name="film_titles"
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["film", "kind", "title"]
        constraints = [film_key_constraint("filmtitle")]

    def __str__(self):
        return f"{self.title} ({self.get_kind_display()})"


class FilmCompany(FilmFact):
    class Role(models.TextChoices):
        PRODUCTION = "production", "Production"
        DISTRIBUTION = "distribution", "Distribution"
        HOME_MEDIA = "home_media", "Home media distribution"
        SOUNDTRACK = "soundtrack", "Soundtrack label"

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="companies")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="film_roles"
    )
    role = models.CharField(max_length=12, choices=Role.choices)
    territories = models.ManyToManyField(
        Territory, blank=True, related_name="film_companies", help_text="Empty means not stated."
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["film", "role", "organization"]
        verbose_name_plural = "film companies"
        constraints = [film_key_constraint("filmcompany")]

    def __str__(self):
        return f"{self.organization} ({self.get_role_display()})"


class FilmTheme(FilmFact):
    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="film_themes")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="film_themes")
    summary = models.TextField(blank=True, help_text="How the film treats it, in your own words.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["film", "order", "id"]
        constraints = [film_key_constraint("filmtheme")]

    def __str__(self):
        return str(self.theme)


class Dedication(FilmFact):
    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="dedications")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="dedications")
    note = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["film", "order", "id"]
        constraints = [
            film_key_constraint("dedication"),
            models.UniqueConstraint(fields=["film", "person"], name="dedication_unique_person"),
        ]

    def __str__(self):
        return f"Dedicated to {self.person}"


class RelatedWork(FilmFact):
    class Kind(models.TextChoices):
        INFLUENCED_BY = "influenced_by", "Influenced by"
        COMPARED_WITH = "compared_with", "Compared with"
        SEE_ALSO = "see_also", "See also"
        PRECURSOR = "precursor", "Precursor by the same filmmaker"
        INSPIRED = "inspired", "Inspired"
        REMOVED_FROM = "removed_from", "Material removed from the film"

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="related_works")
    work = models.ForeignKey(Work, on_delete=models.PROTECT, related_name="related_to_films")
    kind = models.CharField(max_length=15, choices=Kind.choices)
    summary = models.TextField(blank=True, help_text="How it relates, in your own words.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["film", "kind", "order", "id"]
        constraints = [film_key_constraint("relatedwork")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.work}"


class ExternalLink(FilmFact):
    class Site(models.TextChoices):
        OFFICIAL = "official", "Official website"
        IMDB = "imdb", "IMDb"
        ALLMOVIE = "allmovie", "AllMovie"
        ROTTEN_TOMATOES = "rotten_tomatoes", "Rotten Tomatoes"
        METACRITIC = "metacritic", "Metacritic"
        BOX_OFFICE_MOJO = "box_office_mojo", "Box Office Mojo"
        THE_NUMBERS = "the_numbers", "The Numbers"
        WIKIMEDIA_COMMONS = "commons", "Wikimedia Commons"
        WIKIQUOTE = "wikiquote", "Wikiquote"
        OTHER = "other", "Other"

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="external_links")
    site = models.CharField(max_length=20, choices=Site.choices)
    identifier = models.CharField(
        max_length=200, blank=True, help_text="The site's id for the film; empty when unknown."
    )
    url = models.URLField(max_length=1000, blank=True)

    class Meta:
        ordering = ["film", "site"]
        constraints = [film_key_constraint("externallink")]

    def __str__(self):
        return self.get_site_display()


FilmTitleCitation = citation_model(FilmTitle)

FilmCompanyCitation = citation_model(FilmCompany)

FilmThemeCitation = citation_model(FilmTheme)

DedicationCitation = citation_model(Dedication)

RelatedWorkCitation = citation_model(RelatedWork)

ExternalLinkCitation = citation_model(ExternalLink)
