"""Release and box office: releases by territory and kind, and money figures."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from filmkb.dates import PartialDateField
from filmkb.links import path_for
from filmkb.models import (
    FilmFact,
    FilmFactManager,
    citation_model,
    film_key_constraint,
)
from films.models.film import Film, Location, Territory
from films.models.music import MusicWork
from films.models.production import DatedQuerySet
from people.models import Organization


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

    objects = FilmFactManager.from_queryset(DatedQuerySet)()

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
        return path_for("films:release", slug=self.film.slug, key=self.key)

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


ReleaseCitation = citation_model(Release)

BoxOfficeFigureCitation = citation_model(BoxOfficeFigure)
