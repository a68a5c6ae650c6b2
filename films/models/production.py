"""Production: the dated events of development, filming and post-production."""

from django.core.exceptions import ValidationError
from django.db import models

from filmkb.dates import PartialDateField, format_range
from filmkb.links import path_for
from filmkb.models import (
    FilmFact,
    FilmFactManager,
    FilmFactQuerySet,
    citation_model,
    film_key_constraint,
)
from films.models.cast import Recast
from films.models.film import Film, Location
from people.models import Organization, Person


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
        return path_for("films:event", slug=self.film.slug, key=self.key)

    def clean(self):
        if self.date and self.end_date and self.end_date < self.date:
            raise ValidationError({"end_date": "The end date is before the start date."})

    @property
    def date_display(self):
        return format_range(self.date, self.end_date)


ProductionEventCitation = citation_model(ProductionEvent)
