"""Sources (the references facts cite) and disagreements between them."""

from urllib.parse import urlencode

from django.db import models

from filmkb.dates import PartialDateField
from filmkb.links import path_for
from filmkb.models import (
    FilmFactManager,
    FilmFactQuerySet,
    film_key_constraint,
)
from people.models import Organization, Person

# Where a source with no recorded address can be looked up by its title.
WEB_SEARCH = "https://duckduckgo.com/"


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
        return path_for("films:source", key=self.key)

    def natural_key(self):
        return (self.key,)

    natural_key.dependencies = ["people.person", "people.organization"]

    @property
    def search_url(self):
        """A web search for the source by its title and publication, offered where no
        address is recorded: a way to find the original, never a guessed address.
        Reads ``publication``; pages select it with the source."""
        words = [f'"{self.title}"']
        if self.publication_id:
            words.append(self.publication.name)
        return f"{WEB_SEARCH}?{urlencode({'q': ' '.join(words)})}"


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


class SourceSectionManager(models.Manager):
    def get_by_natural_key(self, source_key, slug):
        return self.get(source__key=source_key, slug=slug)


class SourceSection(models.Model):
    """One section of a source's text, for locators and the coverage report.

    Needed only for a text supplied without heading lines: ``first_statement_digest``
    (see ``films.statements.statement_digest``) says where the section starts
    without holding any of the source's words. The first section starts the text.
    """

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="sections")
    slug = models.SlugField(max_length=100, help_text="Used in locators: '<slug>:<statement>'.")
    title = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    first_statement_digest = models.CharField(
        max_length=12,
        blank=True,
        help_text="Digest of the section's first statement; empty for the first section.",
    )
    counted = models.BooleanField(
        default=True,
        help_text="Off for sections that are not statements (the reference list).",
    )

    objects = SourceSectionManager()

    class Meta:
        ordering = ["source", "order"]
        constraints = [
            models.UniqueConstraint(fields=["source", "slug"], name="sourcesection_unique_slug"),
            models.UniqueConstraint(fields=["source", "order"], name="sourcesection_unique_order"),
        ]

    def __str__(self):
        return f"{self.source.key} § {self.title}"

    def natural_key(self):
        return (self.source.key, self.slug)

    natural_key.dependencies = ["films.source"]


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
        return path_for("films:disagreement", slug=self.film.slug, key=self.key)

    def natural_key(self):
        return (self.film.slug, self.key)

    natural_key.dependencies = ["films.film"]
