"""Cast and crew: characters, credits and recasts."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from filmkb.dates import PartialDateField
from filmkb.links import path_for
from filmkb.models import (
    FilmFact,
    FilmFactManager,
    FilmFactQuerySet,
    citation_model,
    exactly_one,
    film_key_constraint,
    require_exactly_one,
)
from films.models.film import Film
from people.models import Organization, Person


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
        return path_for("films:character", slug=self.film.slug, character=self.slug)

    def natural_key(self):
        return (self.film.slug, self.slug)

    natural_key.dependencies = ["films.film"]


class CreditQuerySet(FilmFactQuerySet):
    def cast(self):
        return self.filter(department=Credit.Department.CAST)

    def crew(self):
        return self.exclude(department=Credit.Department.CAST)


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


CreditCitation = citation_model(Credit)

RecastCitation = citation_model(Recast)
