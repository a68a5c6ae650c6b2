"""Quotations: words someone said, kept verbatim and attributed, and the
lead's descriptions of the film as cited facts.

A ``Quotation`` is a fact of its film (key, citations, verification) whose
speaker is exactly one person or organization. It belongs to at most one
other fact (a production event, a review, an aggregate score, a music entry)
through a nullable foreign key per kind: real foreign keys keep integrity in
the database (a deleted event takes its quotations with it), load and export
by natural key like every other row, and are prefetched per page in one query
each, which a generic relation could not do without a content-type lookup per
row. A quotation with none of them belongs to the film as a whole; the
speaker's own page shows every quotation of theirs.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

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
from films.models.music import FilmMusic
from films.models.production import ProductionEvent
from films.models.reception import AggregateScore, Review
from people.models import Organization, Person

# The facts a quotation may belong to, in the order the admin shows them.
BELONGS_TO = ("production_event", "review", "aggregate_score", "film_music")
SHORT_QUOTATION_WORDS = 6


def at_most_one(*fields):
    """Q condition: no more than one of the given nullable FK fields is set."""
    return Q(**{f"{f}__isnull": True for f in fields}) | exactly_one(*fields)


class QuotationQuerySet(FilmFactQuerySet):
    def with_speaker(self):
        return self.select_related("speaker_person", "speaker_organization")


class Quotation(FilmFact):
    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="quotations")
    speaker_person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="quotations"
    )
    speaker_organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="quotations"
    )
    text = models.TextField(
        help_text="The words exactly as the source gives them, without the quotation marks; "
        "a sentence or two."
    )
    about = models.CharField(
        max_length=300,
        help_text="What the words are about, in your own words, as it reads after "
        "'Spike Jonze, on': e.g. 'the film's look'.",
    )
    production_event = models.ForeignKey(
        ProductionEvent,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="quotations",
    )
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, null=True, blank=True, related_name="quotations"
    )
    aggregate_score = models.ForeignKey(
        AggregateScore,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="quotations",
    )
    film_music = models.ForeignKey(
        FilmMusic,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="quotations",
        verbose_name="music entry",
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = FilmFactManager.from_queryset(QuotationQuerySet)()

    class Meta:
        ordering = ["film", "order", "id"]
        constraints = [
            film_key_constraint("quotation"),
            models.CheckConstraint(
                condition=exactly_one("speaker_person", "speaker_organization"),
                name="quotation_speaker_person_xor_organization",
            ),
            models.CheckConstraint(
                condition=at_most_one(*BELONGS_TO), name="quotation_belongs_to_at_most_one_fact"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="quotation_text_not_empty"),
        ]

    def __str__(self):
        return f"{self.speaker} on {self.about}"

    def clean(self):
        require_exactly_one(
            self,
            "speaker_person",
            "speaker_organization",
            message="Name the speaker: either a person or an organization.",
        )
        if sum(getattr(self, f"{f}_id") is not None for f in BELONGS_TO) > 1:
            raise ValidationError({"production_event": "A quotation belongs to at most one fact."})
        if not self.text.strip():
            raise ValidationError({"text": "Give the words that were said."})

    @property
    def speaker(self):
        return self.speaker_person or self.speaker_organization

    @property
    def is_short(self):
        """A few words, shown inline (``<q>``) rather than as a block quotation."""
        return len(self.text.split()) <= SHORT_QUOTATION_WORDS


class FilmDescription(FilmFact):
    """How the film is described: its genre line, origin, premise, plot, standing.

    ``label`` holds the words readers search for ("science-fiction romantic
    drama", "solo screenwriting debut"); ``text`` says it in our own words.
    """

    class Kind(models.TextChoices):
        GENRE = "genre", "Genre"
        AUTHORSHIP = "authorship", "Authorship"
        ORIGIN = "origin", "Origin"
        PREMISE = "premise", "Premise"
        PLOT = "plot", "Plot"
        STANDING = "standing", "Standing"

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="descriptions")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    label = models.CharField(
        max_length=150, help_text="The short phrase readers search for, e.g. 'romantic drama'."
    )
    text = models.TextField(blank=True, help_text="What it means for this film, in your own words.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["film", "order", "id"]
        constraints = [
            film_key_constraint("filmdescription"),
            models.CheckConstraint(condition=~Q(label=""), name="filmdescription_label_not_empty"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.label}"


QuotationCitation = citation_model(Quotation)

FilmDescriptionCitation = citation_model(FilmDescription)
