"""Reception: aggregate scores, reviews and their quotes, top-ten lists."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from filmkb.dates import PartialDateField
from filmkb.links import path_for
from filmkb.models import (
    Entity,
    FilmFact,
    FilmFactManager,
    FilmFactQuerySet,
    citation_model,
    film_key_constraint,
)
from films.models.film import Film, Work
from people.models import Organization, Person


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
        # 94.00 from the database reads "94"; 3.5 stays "3.5"
        value = format(Decimal(str(self.value)).normalize(), "f")
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
        indexes = [
            models.Index(fields=["film", "order", "id"], name="review_list_order_idx"),
            # the review list's sentiment facet: its bounded count reads the index only
            models.Index(fields=["sentiment"], name="review_sentiment_idx"),
        ]
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
        return path_for("films:review", slug=self.film.slug, key=self.key)

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


AggregateScoreCitation = citation_model(AggregateScore)

ReviewCitation = citation_model(Review)

TopTenEntryCitation = citation_model(TopTenEntry)
