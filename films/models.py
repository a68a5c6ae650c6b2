"""Films and every kind of fact the knowledge base records about them.

Entities (own page, slug): Source, Genre, Territory, Language, Location, Theme,
Work, Film, Character, MusicWork, TopTenList.
Facts (owned by a film, cited, keyed): FilmTitle, FilmCompany, FilmTheme,
Dedication, RelatedWork, ExternalLink, Credit, Recast, ProductionEvent,
Release, BoxOfficeFigure, AggregateScore, Review, TopTenEntry, FilmMusic,
MusicCredit.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from filmkb.dates import PartialDateField, format_range
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

# --------------------------------------------------------------------------- sources


class SourceQuerySet(models.QuerySet):
    def get_by_natural_key(self, key):
        return self.get(key=key)

    def for_list(self):
        return self.select_related("publication").prefetch_related("authors")


class Source(models.Model):
    """One reference: a review, news story, database page, press release."""

    key = models.SlugField(max_length=150, unique=True)
    title = models.CharField(max_length=500)
    publication = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sources_published",
        help_text="The work (newspaper, site) it appeared in.",
    )
    publisher = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sources_as_publisher",
        help_text="Publisher, when the reference names one separately from the work.",
    )
    authors = models.ManyToManyField(
        Person, through="SourceAuthor", related_name="sources_written", blank=True
    )
    byline = models.CharField(
        max_length=300, blank=True, help_text="Author as printed, when not a person (e.g. 'Staff')."
    )
    url = models.URLField(max_length=1000, blank=True)
    published = PartialDateField(null=True, blank=True)
    accessed = PartialDateField(null=True, blank=True)
    archive_url = models.URLField(max_length=1000, blank=True)
    archived = PartialDateField(null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True, null=True, editable=False)

    objects = models.Manager.from_queryset(SourceQuerySet)()

    class Meta:
        ordering = ["title", "key"]
        indexes = [
            models.Index(fields=["title", "key"], name="source_list_order_idx"),
            models.Index(fields=["published"], name="source_published_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("films:source", kwargs={"key": self.key})

    def natural_key(self):
        return (self.key,)

    natural_key.dependencies = ["people.person", "people.organization"]


class SourceAuthorManager(models.Manager):
    def get_by_natural_key(self, source_key, person_slug):
        return self.get(source__key=source_key, person__slug=person_slug)


class SourceAuthor(models.Model):
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="source_authors")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="authorships")
    credited_as = models.CharField(
        max_length=300, blank=True, help_text="Name as printed, if it differs."
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = SourceAuthorManager()

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "person"], name="sourceauthor_unique_person")
        ]

    def __str__(self):
        return f"{self.person} — {self.source}"

    def natural_key(self):
        return (self.source.key, self.person.slug)

    natural_key.dependencies = ["films.source", "people.person"]


class DisagreementQuerySet(FilmFactQuerySet):
    pass


class Disagreement(models.Model):
    """Sources (or the article and its source) give different values for one quantity.

    Member facts point here through their ``disagreement`` field; pages show
    them side by side with their citations.
    """

    film = models.ForeignKey("Film", on_delete=models.CASCADE, related_name="disagreements")
    key = models.SlugField(max_length=150)
    subject = models.CharField(
        max_length=300, help_text="The quantity in dispute, e.g. 'Worldwide gross'."
    )
    note = models.TextField(blank=True, help_text="In your own words: how the values differ.")

    objects = FilmFactManager.from_queryset(DisagreementQuerySet)()

    class Meta:
        ordering = ["film", "key"]
        constraints = [film_key_constraint("disagreement")]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("films:disagreement", kwargs={"slug": self.film.slug, "key": self.key})

    def natural_key(self):
        return (self.film.slug, self.key)

    natural_key.dependencies = ["films.film"]


# --------------------------------------------------------------------------- lookups


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


# --------------------------------------------------------------------------- film


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
        indexes = [models.Index(fields=["name", "year"], name="film_list_order_idx")]
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


# --------------------------------------------------------------------------- cast and crew


class CharacterQuerySet(FilmFactQuerySet):
    def get_by_natural_key(self, film_slug, slug):
        return self.get(film__slug=film_slug, slug=slug)


class Character(models.Model):
    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="characters")
    slug = models.SlugField(max_length=200)
    name = models.CharField(max_length=300)
    description = models.CharField(max_length=500, blank=True, help_text="In your own words.")
    based_on = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="characters_based_on",
        help_text="A real person the character is modelled on.",
    )
    updated_at = models.DateTimeField(auto_now=True, null=True, editable=False)

    objects = models.Manager.from_queryset(CharacterQuerySet)()

    class Meta:
        ordering = ["film", "name"]
        constraints = [
            models.UniqueConstraint(fields=["film", "slug"], name="character_unique_slug_per_film")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("films:character", kwargs={"slug": self.film.slug, "character": self.slug})

    def natural_key(self):
        return (self.film.slug, self.slug)

    natural_key.dependencies = ["films.film"]


class CreditQuerySet(FilmFactQuerySet):
    def cast(self):
        return self.filter(department=Credit.Department.CAST)

    def crew(self):
        return self.exclude(department=Credit.Department.CAST)

    def for_film_page(self):
        return self.select_related("person", "organization", "character").prefetch_related(
            "citations__source"
        )

    def for_person_page(self):
        return self.select_related("film", "character").prefetch_related("citations__source")


class Credit(FilmFact):
    class Department(models.TextChoices):
        CAST = "cast", "Cast"
        DIRECTING = "directing", "Directing"
        WRITING = "writing", "Writing"
        PRODUCTION = "production", "Production"
        CAMERA = "camera", "Cinematography"
        EDITING = "editing", "Editing"
        MUSIC = "music", "Music"
        ART = "art", "Art and production design"
        ANIMATION = "animation", "Animation and visual effects"
        SOUND = "sound", "Sound"
        COSTUME = "costume", "Costume and make-up"
        OTHER = "other", "Other crew"

    class Job(models.TextChoices):
        ACTOR = "actor", "Actor"
        DIRECTOR = "director", "Director"
        SCREENWRITER = "screenwriter", "Screenwriter"
        PRODUCER = "producer", "Producer"
        CO_PRODUCER = "co_producer", "Co-producer"
        EXECUTIVE_PRODUCER = "executive_producer", "Executive producer"
        ASSOCIATE_PRODUCER = "associate_producer", "Associate producer"
        CINEMATOGRAPHER = "cinematographer", "Director of photography"
        EDITOR = "editor", "Editor"
        COMPOSER = "composer", "Composer (score)"
        ADDITIONAL_MUSIC = "additional_music", "Additional music"
        PRODUCTION_DESIGNER = "production_designer", "Production designer"
        ANIMATOR = "animator", "Animation artist"
        OTHER = "other", "Other"

    JOB_DEPARTMENTS = {
        Job.ACTOR: Department.CAST,
        Job.DIRECTOR: Department.DIRECTING,
        Job.SCREENWRITER: Department.WRITING,
        Job.PRODUCER: Department.PRODUCTION,
        Job.CO_PRODUCER: Department.PRODUCTION,
        Job.EXECUTIVE_PRODUCER: Department.PRODUCTION,
        Job.ASSOCIATE_PRODUCER: Department.PRODUCTION,
        Job.CINEMATOGRAPHER: Department.CAMERA,
        Job.EDITOR: Department.EDITING,
        Job.COMPOSER: Department.MUSIC,
        Job.ADDITIONAL_MUSIC: Department.MUSIC,
        Job.PRODUCTION_DESIGNER: Department.ART,
        Job.ANIMATOR: Department.ANIMATION,
    }

    class Status(models.TextChoices):
        FINAL = "final", "In the finished film"
        REPLACED = "replaced", "Replaced by another performer"
        CUT = "cut", "Cut from the finished film"
        DROPPED_OUT = "dropped_out", "Cast but left before filming"

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="credits")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="credits"
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credits",
        help_text="For a credit given to a group (a band), instead of a person.",
    )
    department = models.CharField(max_length=12, choices=Department.choices)
    job = models.CharField(max_length=20, choices=Job.choices)
    job_detail = models.CharField(
        max_length=200, blank=True, help_text="The job as credited when 'Other' or more specific."
    )
    character = models.ForeignKey(
        Character, on_delete=models.PROTECT, null=True, blank=True, related_name="credits"
    )
    is_voice = models.BooleanField("voice role", default=False)
    uncredited = models.BooleanField(default=False)
    credited_as = models.CharField(max_length=300, blank=True)
    billing_order = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Position in the cast list; empty for crew."
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.FINAL)
    note = models.CharField(max_length=500, blank=True)

    objects = FilmFactManager.from_queryset(CreditQuerySet)()

    class Meta:
        ordering = ["film", "department", "billing_order", "id"]
        indexes = [
            # People-list facets: the people with credits in a department (and job).
            models.Index(fields=["department", "job", "person"], name="credit_dept_job_person_idx"),
            models.Index(fields=["job", "person"], name="credit_job_person_idx"),
        ]
        constraints = [
            film_key_constraint("credit"),
            models.CheckConstraint(
                condition=exactly_one("person", "organization"),
                name="credit_person_xor_organization",
            ),
            models.CheckConstraint(
                condition=Q(department="cast") | Q(character__isnull=True, is_voice=False),
                name="credit_character_only_for_cast",
            ),
            models.CheckConstraint(
                condition=~Q(department="cast") | Q(job="actor"),
                name="credit_cast_job_is_actor",
            ),
            models.UniqueConstraint(
                fields=["film", "billing_order"],
                condition=Q(billing_order__isnull=False),
                name="credit_unique_billing_order",
                violation_error_message=(
                    "Another credit of this film already has this billing order."
                ),
            ),
        ]

    def __str__(self):
        who = self.person or self.organization
        if self.character_id:
            voice = " (voice)" if self.is_voice else ""
            return f"{who} as {self.character}{voice}"
        return f"{who} — {self.job_detail or self.get_job_display()}"

    def clean(self):
        require_exactly_one(
            self, "person", "organization", message="A credit names either a person or a group."
        )
        if self.department != self.Department.CAST and (self.character_id or self.is_voice):
            raise ValidationError(
                {"character": "Only cast credits have a character or voice role."}
            )
        if self.department == self.Department.CAST and self.job != self.Job.ACTOR:
            raise ValidationError({"job": "Cast credits have the job 'Actor'."})
        if self.character_id and self.film_id and self.character.film_id != self.film_id:
            raise ValidationError({"character": "The character belongs to another film."})

    @property
    def credited_entity(self):
        return self.person or self.organization


class Recast(FilmFact):
    """One performer replaced by another in a role (who, when, why)."""

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="recasts")
    character = models.ForeignKey(
        Character, on_delete=models.PROTECT, null=True, blank=True, related_name="recasts"
    )
    replaced = models.ForeignKey(Credit, on_delete=models.PROTECT, related_name="replaced_in")
    replacement = models.ForeignKey(Credit, on_delete=models.PROTECT, related_name="replacing")
    date = PartialDateField(null=True, blank=True)
    stage = models.CharField(
        max_length=100, blank=True, help_text="e.g. pre-production, post-production."
    )
    reason = models.TextField(blank=True, help_text="Why, in your own words.")

    class Meta:
        ordering = ["film", "date", "id"]
        constraints = [
            film_key_constraint("recast"),
            models.CheckConstraint(
                condition=~Q(replaced=models.F("replacement")), name="recast_distinct_credits"
            ),
        ]

    def __str__(self):
        role = f" as {self.character}" if self.character_id else ""
        return f"{self.replacement.credited_entity} replaced {self.replaced.credited_entity}{role}"

    def clean(self):
        if self.replaced_id and self.replaced_id == self.replacement_id:
            raise ValidationError({"replacement": "A performer cannot replace themself."})


# --------------------------------------------------------------------------- production


class DatedQuerySet(FilmFactQuerySet):
    def chronological(self):
        return self.order_by(models.F("date").asc(nulls_last=True), "id")


class ProductionEvent(FilmFact):
    class Kind(models.TextChoices):
        CONCEPTION = "conception", "Conception"
        DEVELOPMENT = "development", "Development"
        WRITING = "writing", "Writing"
        CASTING = "casting", "Casting"
        CREW = "crew", "Crew hired"
        ANNOUNCEMENT = "announcement", "Announcement"
        DISTRIBUTION_DEAL = "distribution_deal", "Distribution deal"
        PRE_PRODUCTION = "pre_production", "Pre-production"
        PRINCIPAL_PHOTOGRAPHY = "principal_photography", "Principal photography"
        LOCATION_SHOOTING = "location_shooting", "Location shooting"
        ADDITIONAL_PHOTOGRAPHY = "additional_photography", "Additional photography"
        POST_PRODUCTION = "post_production", "Post-production"
        EDITING = "editing", "Editing"
        RECAST = "recast", "Recast"
        SCORING = "scoring", "Scoring"
        VISUAL_DESIGN = "visual_design", "Visual design"
        MARKETING = "marketing", "Marketing"
        OTHER = "other", "Other"

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="production_events")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True, help_text="What happened, in your own words.")
    date = PartialDateField(null=True, blank=True, help_text="Empty when no source dates it.")
    end_date = PartialDateField(null=True, blank=True)
    duration = models.CharField(
        max_length=100, blank=True, help_text="A stated length, e.g. 'five months', 'two weeks'."
    )
    people = models.ManyToManyField(Person, blank=True, related_name="production_events")
    organizations = models.ManyToManyField(
        Organization, blank=True, related_name="production_events"
    )
    locations = models.ManyToManyField(Location, blank=True, related_name="production_events")
    recast = models.ForeignKey(
        Recast, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )

    objects = FilmFactManager.from_queryset(DatedQuerySet)()

    class Meta:
        ordering = ["film", "date", "id"]
        constraints = [film_key_constraint("productionevent")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("films:event", kwargs={"slug": self.film.slug, "key": self.key})

    def clean(self):
        if self.date and self.end_date and self.end_date < self.date:
            raise ValidationError({"end_date": "The end date is before the start date."})

    @property
    def date_display(self):
        return format_range(self.date, self.end_date)


# --------------------------------------------------------------------------- music


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

    def __str__(self):
        return f"{self.person or self.organization} — {self.get_role_display()}, {self.work}"

    def clean(self):
        require_exactly_one(
            self, "person", "organization", message="Name either a person or a group."
        )


# --------------------------------------------------------------------------- releases


class ReleaseQuerySet(DatedQuerySet):
    def for_film_page(self):
        return self.select_related(
            "territory", "festival", "distributor", "superseded_by", "music_work", "location"
        ).prefetch_related("citations__source")


class Release(FilmFact):
    class Kind(models.TextChoices):
        FESTIVAL = "festival", "Festival screening"
        WORLD_PREMIERE = "world_premiere", "World premiere"
        LIMITED = "limited", "Limited theatrical release"
        WIDE = "wide", "Wide theatrical release"
        NOT_STATED = "not_stated", "Theatrical release (limited or wide not stated)"
        HOME_MEDIA = "home_media", "Home media"
        STREAMING = "streaming", "Streaming"
        SOUNDTRACK = "soundtrack", "Soundtrack release"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        ANNOUNCED = "announced", "Announced"
        HAPPENED = "happened", "Happened"
        SUPERSEDED = "superseded", "Superseded by a later plan"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Format(models.TextChoices):
        THEATRICAL = "theatrical", "Theatrical"
        BLU_RAY = "blu_ray", "Blu-ray Disc"
        DVD = "dvd", "DVD"
        DIGITAL = "digital", "Digital download"
        STREAMING = "streaming", "Online streaming"
        VINYL = "vinyl", "Vinyl record"
        CASSETTE = "cassette", "Cassette"
        CD = "cd", "CD"

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="releases")
    kind = models.CharField(max_length=15, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.HAPPENED)
    superseded_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="supersedes"
    )
    date = PartialDateField(null=True, blank=True)
    announced_on = PartialDateField(
        null=True, blank=True, help_text="When this plan or release was announced."
    )
    territory = models.ForeignKey(
        Territory, on_delete=models.PROTECT, null=True, blank=True, related_name="releases"
    )
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, null=True, blank=True, related_name="releases"
    )
    festival = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="festival_screenings",
    )
    event_name = models.CharField(
        max_length=200, blank=True, help_text="Edition, e.g. '2013 New York Film Festival'."
    )
    distributor = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="distributed_releases",
    )
    theaters = models.PositiveIntegerField(null=True, blank=True)
    theaters_qualifier = models.CharField(
        max_length=10,
        blank=True,
        choices=[
            ("exact", "Exact"),
            ("over", "Over"),
            ("about", "About"),
        ],
    )
    formats = models.CharField(
        max_length=200, blank=True, help_text="Comma-separated formats (see Format choices)."
    )
    music_work = models.ForeignKey(
        MusicWork, on_delete=models.PROTECT, null=True, blank=True, related_name="releases"
    )
    in_competition = models.BooleanField(default=False)
    note = models.TextField(blank=True, help_text="In your own words.")

    objects = FilmFactManager.from_queryset(ReleaseQuerySet)()

    class Meta:
        ordering = ["film", "date", "id"]
        constraints = [
            film_key_constraint("release"),
            models.CheckConstraint(
                condition=~Q(status="superseded") | Q(superseded_by__isnull=False),
                name="release_superseded_names_successor",
            ),
            models.CheckConstraint(
                condition=~Q(superseded_by=models.F("id")), name="release_not_superseded_by_itself"
            ),
        ]

    def __str__(self):
        where = self.event_name or (self.territory and str(self.territory)) or ""
        when = f" {self.date}" if self.date else ""
        return f"{self.get_kind_display()}{', ' + where if where else ''}{when}"

    def get_absolute_url(self):
        return reverse("films:release", kwargs={"slug": self.film.slug, "key": self.key})

    def clean(self):
        if self.status == self.Status.SUPERSEDED and not self.superseded_by_id:
            raise ValidationError(
                {"superseded_by": "A superseded release must name the release that replaced it."}
            )
        if self.superseded_by_id and self.pk and self.superseded_by_id == self.pk:
            raise ValidationError({"superseded_by": "A release cannot supersede itself."})
        bad = [f for f in self.format_list if f not in self.Format.values]
        if bad:
            raise ValidationError({"formats": f"Unknown format(s): {', '.join(bad)}."})

    @property
    def format_list(self):
        return [f.strip() for f in self.formats.split(",") if f.strip()]

    def get_formats_display(self):
        labels = dict(self.Format.choices)
        return [labels.get(f, f) for f in self.format_list]


# --------------------------------------------------------------------------- money


class Qualifier(models.TextChoices):
    EXACT = "exact", "Exactly"
    APPROXIMATE = "approximate", "About"
    OVER = "over", "Over"
    AT_LEAST = "at_least", "At least"
    UNDER = "under", "Under"


class BoxOfficeFigure(FilmFact):
    class Kind(models.TextChoices):
        BUDGET = "budget", "Production budget"
        OPENING_WEEKEND = "opening_weekend", "Opening weekend"
        PER_THEATER_AVERAGE = "per_theater_average", "Per-theater average"
        LIMITED_RUN = "limited_run", "Gross during limited release"
        WIDE_OPENING_WEEKEND = "wide_opening_weekend", "First weekend of wide release"
        DOMESTIC = "domestic", "Domestic gross"
        INTERNATIONAL = "international", "International gross"
        WORLDWIDE = "worldwide", "Worldwide gross"
        GROSS_SCOPE_NOT_STATED = "gross", "Gross (territory not stated)"
        HOME_MEDIA_SALES = "home_media_sales", "Home media sales"

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="box_office")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    amount = models.DecimalField(max_digits=15, decimal_places=2)
    currency = models.CharField(max_length=3, default="USD")
    qualifier = models.CharField(max_length=12, choices=Qualifier.choices, default=Qualifier.EXACT)
    territory = models.ForeignKey(
        Territory, on_delete=models.PROTECT, null=True, blank=True, related_name="box_office"
    )
    release = models.ForeignKey(
        Release, on_delete=models.SET_NULL, null=True, blank=True, related_name="box_office"
    )
    theaters = models.PositiveIntegerField(null=True, blank=True)
    media_format = models.CharField(
        max_length=10, blank=True, choices=Release.Format.choices, help_text="For home media sales."
    )
    as_of = PartialDateField(null=True, blank=True)
    period = models.CharField(
        max_length=200,
        blank=True,
        help_text="The period the figure covers, e.g. 'opening weekend'.",
    )
    note = models.TextField(blank=True, help_text="In your own words.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["film", "order", "id"]
        constraints = [
            film_key_constraint("boxofficefigure"),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="boxofficefigure_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"), name="boxofficefigure_currency_iso"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.display_amount}"

    def clean(self):
        if self.amount is not None and self.amount < 0:
            raise ValidationError({"amount": "An amount cannot be negative."})
        if self.currency and not (
            len(self.currency) == 3 and self.currency.isalpha() and self.currency.isupper()
        ):
            raise ValidationError({"currency": "Use a three-letter ISO 4217 code such as USD."})

    @property
    def display_amount(self):
        symbol = "$" if self.currency == "USD" else f"{self.currency} "
        prefix = (
            "" if self.qualifier == Qualifier.EXACT else f"{self.get_qualifier_display().lower()} "
        )
        amount = self.amount
        if amount >= 1_000_000:
            value = f"{amount / 1_000_000:,.2f}".rstrip("0").rstrip(".")
            return f"{prefix}{symbol}{value} million"
        return f"{prefix}{symbol}{amount:,.0f}"


# --------------------------------------------------------------------------- reception


class AggregateScore(FilmFact):
    class Metric(models.TextChoices):
        APPROVAL = "approval", "Approval rating (per cent)"
        WEIGHTED_AVERAGE = "weighted_average", "Weighted average score"
        GRADE = "grade", "Audience grade"

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="aggregate_scores")
    aggregator = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="aggregate_scores"
    )
    metric = models.CharField(max_length=20, choices=Metric.choices)
    value = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    grade = models.CharField(max_length=5, blank=True, help_text="For letter grades, e.g. 'B−'.")
    scale = models.CharField(max_length=50, blank=True, help_text="e.g. '100', 'A+ to F'.")
    sample_size = models.PositiveIntegerField(null=True, blank=True, help_text="Reviews counted.")
    average_rating = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    average_scale = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    verdict = models.CharField(max_length=100, blank=True, help_text="e.g. 'universal acclaim'.")
    consensus_summary = models.TextField(
        blank=True, help_text="The site's consensus, in your own words."
    )
    as_of = PartialDateField(null=True, blank=True)

    class Meta:
        ordering = ["film", "aggregator", "metric"]
        constraints = [
            film_key_constraint("aggregatescore"),
            models.CheckConstraint(
                condition=Q(value__isnull=False) | ~Q(grade=""),
                name="aggregatescore_has_value_or_grade",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0),
                name="aggregatescore_value_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.aggregator}: {self.display_value}"

    def clean(self):
        if self.value is None and not self.grade:
            raise ValidationError({"value": "Give a numeric value or a letter grade."})
        if self.value is not None and self.value < 0:
            raise ValidationError({"value": "A score cannot be negative."})

    @property
    def display_value(self):
        if self.grade:
            return self.grade
        value = f"{self.value:g}"
        return (
            f"{value}%" if self.metric == self.Metric.APPROVAL else f"{value}/{self.scale or 100}"
        )


class ReviewQuerySet(FilmFactQuerySet):
    def for_list(self):
        """Grouped by film, in the review table's own columns (``review_list_order_idx``):
        ordering by the film's name would join and sort every review for any page."""
        return self.select_related("film", "critic", "publication").order_by(
            "film_id", "order", "id"
        )


class Review(FilmFact):
    class Sentiment(models.TextChoices):
        POSITIVE = "positive", "Positive"
        MIXED = "mixed", "Mixed"
        NEGATIVE = "negative", "Negative"

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="reviews")
    critic = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="reviews"
    )
    publication = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="reviews"
    )
    published = PartialDateField(null=True, blank=True)
    rating = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    rating_scale = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    rating_unit = models.CharField(max_length=20, blank=True, help_text="e.g. 'stars'.")
    sentiment = models.CharField(max_length=10, choices=Sentiment.choices)
    summary = models.TextField(help_text="What the critic argued, in your own words.")
    compared_works = models.ManyToManyField(Work, blank=True, related_name="compared_in_reviews")
    order = models.PositiveSmallIntegerField(default=0)

    objects = FilmFactManager.from_queryset(ReviewQuerySet)()

    class Meta:
        ordering = ["film", "order", "id"]
        indexes = [models.Index(fields=["film", "order", "id"], name="review_list_order_idx")]
        constraints = [
            film_key_constraint("review"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating_scale__isnull=False),
                name="review_rating_has_scale",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True)
                | Q(rating__gte=0, rating__lte=models.F("rating_scale")),
                name="review_rating_within_scale",
            ),
            models.CheckConstraint(
                condition=Q(critic__isnull=False) | Q(publication__isnull=False),
                name="review_has_critic_or_publication",
            ),
        ]

    def __str__(self):
        who = self.critic or self.publication
        where = f", {self.publication}" if self.critic_id and self.publication_id else ""
        return f"{who}{where} on {self.film.name}"

    def get_absolute_url(self):
        return reverse("films:review", kwargs={"slug": self.film.slug, "key": self.key})

    def clean(self):
        if self.rating is not None and self.rating_scale is None:
            raise ValidationError(
                {"rating_scale": "A rating needs its scale (e.g. 4 for four stars)."}
            )
        if (
            self.rating is not None
            and self.rating_scale is not None
            and not 0 <= self.rating <= self.rating_scale
        ):
            raise ValidationError({"rating": "The rating must lie between 0 and the scale."})
        if not self.critic_id and not self.publication_id:
            raise ValidationError({"critic": "Name the critic or the publication."})

    @property
    def display_rating(self):
        if self.rating is None:
            return ""
        unit = f" {self.rating_unit}" if self.rating_unit else ""
        return f"{self.rating:g} out of {self.rating_scale:g}{unit}"


class ReviewQuoteManager(models.Manager):
    def get_by_natural_key(self, film_slug, review_key, order):
        return self.get(review__film__slug=film_slug, review__key=review_key, order=order)


class ReviewQuote(models.Model):
    """A short verbatim quotation from a review, attributed through its review."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="quotes")
    text = models.CharField(max_length=300)
    about = models.CharField(
        max_length=200,
        blank=True,
        help_text="What the words describe, e.g. 'Phoenix's performance'.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = ReviewQuoteManager()

    class Meta:
        ordering = ["review", "order"]
        constraints = [
            models.UniqueConstraint(fields=["review", "order"], name="reviewquote_unique_order"),
            models.CheckConstraint(condition=~Q(text=""), name="reviewquote_text_not_empty"),
        ]

    def __str__(self):
        return f"“{self.text}”"

    def natural_key(self):
        return (*self.review.natural_key(), self.order)

    natural_key.dependencies = ["films.review"]


class TopTenList(Entity):
    """A critic's or publication's list of the best films (year-end, poll, all-time)."""

    class Kind(models.TextChoices):
        YEAR_END = "year_end", "Year-end top ten"
        BEST_OF_YEAR = "best_of_year", "Best of the year (unranked)"
        POLL = "poll", "Critics' poll"
        ALL_TIME = "all_time", "All-time or decade list"
        INSTITUTIONAL = "institutional", "Institutional selection"

    class Ordering(models.TextChoices):
        RANKED = "ranked", "Ranked"
        ALPHABETICAL_RANKED = "ranked_alphabetically", "Ranked alphabetically"
        ALPHABETICAL_UNRANKED = "listed_alphabetically", "Listed alphabetically, unranked"
        UNRANKED = "unranked", "Unranked"

    kind = models.CharField(max_length=15, choices=Kind.choices, default=Kind.YEAR_END)
    ordering = models.CharField(max_length=25, choices=Ordering.choices, default=Ordering.RANKED)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    publication = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="top_ten_lists"
    )
    critics = models.ManyToManyField(Person, blank=True, related_name="top_ten_lists")
    size = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Number of films listed."
    )
    voters = models.PositiveIntegerField(
        null=True, blank=True, help_text="For polls: critics polled."
    )

    url_name = "films:toptenlist"

    class Meta(Entity.Meta):
        ordering = ["year", "name"]


class TopTenEntry(FilmFact):
    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="top_ten_entries")
    top_ten_list = models.ForeignKey(TopTenList, on_delete=models.CASCADE, related_name="entries")
    rank = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Empty when the list is unranked."
    )
    tied = models.BooleanField(default=False)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["film", models.F("rank").asc(nulls_last=True), "id"]
        verbose_name_plural = "top-ten entries"
        constraints = [
            film_key_constraint("toptenentry"),
            models.UniqueConstraint(
                fields=["film", "top_ten_list"], name="toptenentry_unique_film_per_list"
            ),
            models.CheckConstraint(
                condition=Q(rank__isnull=True) | Q(rank__gte=1), name="toptenentry_rank_positive"
            ),
        ]

    def __str__(self):
        rank = f"#{self.rank}" if self.rank else "unranked"
        return f"{self.top_ten_list}: {rank}"

    def clean(self):
        if self.rank is not None and self.rank < 1:
            raise ValidationError({"rank": "Ranks start at 1; leave empty for unranked lists."})


# --------------------------------------------------------------------------- housekeeping


class FixtureRecord(models.Model):
    """What the last reload wrote for one row, to spot curators' later edits."""

    model_label = models.CharField(max_length=100)
    natural_key = models.CharField(max_length=500)
    digest = models.CharField(max_length=64)
    loaded_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["model_label", "natural_key"], name="fixturerecord_unique_row"
            )
        ]

    def __str__(self):
        return f"{self.model_label} {self.natural_key}"


class SiteState(models.Model):
    """A single row: the knowledge-base version, bumped by every write and reload."""

    version = models.PositiveBigIntegerField(default=1)
    changed_at = models.DateTimeField(auto_now=True)
    last_reload_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Knowledge base version {self.version}"


# Citations: one table per fact model.
FilmTitleCitation = citation_model(FilmTitle)
FilmCompanyCitation = citation_model(FilmCompany)
FilmThemeCitation = citation_model(FilmTheme)
DedicationCitation = citation_model(Dedication)
RelatedWorkCitation = citation_model(RelatedWork)
ExternalLinkCitation = citation_model(ExternalLink)
CreditCitation = citation_model(Credit)
RecastCitation = citation_model(Recast)
ProductionEventCitation = citation_model(ProductionEvent)
FilmMusicCitation = citation_model(FilmMusic)
MusicCreditCitation = citation_model(MusicCredit)
ReleaseCitation = citation_model(Release)
BoxOfficeFigureCitation = citation_model(BoxOfficeFigure)
AggregateScoreCitation = citation_model(AggregateScore)
ReviewCitation = citation_model(Review)
TopTenEntryCitation = citation_model(TopTenEntry)
