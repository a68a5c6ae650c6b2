"""Abstract building blocks shared by every knowledge-base app.

* ``Entity``: something with its own page and a slug (a person, a film, a
  source). Natural key: ``(slug,)``.
* ``Fact``: a statement the article makes (a credit, a release, a gross). It
  has a ``key`` unique within its owner, citations, an optional link to a
  ``Disagreement`` (other rows giving a different value for the same
  quantity), and a verification stamp kept by curators.
* ``Citation``: the row that ties a fact to a ``films.Source``; one concrete
  table per fact model is made by ``citation_model()`` so every citation has
  a real foreign key and a natural key.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify

from filmkb.links import path_for


class EntityQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class EntityManager(models.Manager.from_queryset(EntityQuerySet)):
    pass


class Entity(models.Model):
    name = models.CharField(max_length=300)
    slug = models.SlugField(
        max_length=200, unique=True, help_text="Part of the page address; never reuse one."
    )
    updated_at = models.DateTimeField(auto_now=True, null=True, editable=False)

    objects = EntityManager()

    url_name = ""  # "app:view" that takes the slug

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:200]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return path_for(self.url_name, slug=self.slug)

    def natural_key(self):
        return (self.slug,)


class Fact(models.Model):
    """Fields every cited statement carries. Subclasses add their owner FK."""

    key = models.SlugField(
        max_length=150,
        help_text="Stable identifier of this fact within its film (used in fixtures).",
    )
    disagreement = models.ForeignKey(
        "films.Disagreement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="%(app_label)s_%(class)s_members",
        help_text="Set when sources give different values for the same quantity.",
    )
    verified_on = models.DateField(null=True, blank=True, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True, null=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.key:
            self.key = self.default_key()
        super().save(*args, **kwargs)

    def default_key(self):
        return slugify(str(self))[:150] or "fact"


class FilmFactQuerySet(models.QuerySet):
    def get_by_natural_key(self, film_slug, key):
        return self.get(film__slug=film_slug, key=key)


class FilmFactManager(models.Manager.from_queryset(FilmFactQuerySet)):
    pass


class FilmFact(Fact):
    """A fact owned by a film. Subclasses declare ``film`` with their related_name."""

    objects = FilmFactManager()

    class Meta:
        abstract = True

    def natural_key(self):
        return (self.film.slug, self.key)

    natural_key.dependencies = ["films.film"]

    @property
    def anchor(self):
        """The id of the fact's row on its film's page."""
        return f"{self._meta.model_name}-{self.key}" if self.key else ""

    def get_page_url(self):
        """Where the fact is shown: its own page if it has one, else its row on its film's page."""
        if hasattr(self, "get_absolute_url"):
            return self.get_absolute_url()
        return f"{self.film.get_absolute_url()}#{self.anchor}"


def film_key_constraint(model_name):
    return models.UniqueConstraint(fields=["film", "key"], name=f"{model_name}_unique_key_per_film")


class CitationQuerySet(models.QuerySet):
    def get_by_natural_key(self, *key):
        fact_model = self.model._meta.get_field("fact").related_model
        fact = fact_model.objects.get_by_natural_key(*key[:-1])
        return self.get(fact=fact, source__key=key[-1])


class CitationManager(models.Manager.from_queryset(CitationQuerySet)):
    pass


class Citation(models.Model):
    source = models.ForeignKey(
        "films.Source", on_delete=models.PROTECT, related_name="%(app_label)s_%(class)s_set"
    )
    locator = models.CharField(
        max_length=200, blank=True, help_text="Where in the source: page, paragraph, timestamp."
    )
    note = models.CharField(
        max_length=400,
        blank=True,
        help_text="What the source says, if it differs or needs context.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = CitationManager()

    class Meta:
        abstract = True
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.fact} — {self.source}"

    def natural_key(self):
        return (*self.fact.natural_key(), self.source.key)


def citation_model(fact_model):
    """Make the concrete ``<Fact>Citation`` table for one fact model.

    Call at module level: ``CreditCitation = citation_model(Credit)``.
    """
    name = f"{fact_model.__name__}Citation"
    meta = type(
        "Meta",
        (),
        {
            "ordering": ["order", "id"],
            "verbose_name": f"{fact_model._meta.verbose_name} citation",
            "constraints": [
                models.UniqueConstraint(
                    fields=["fact", "source"], name=f"{name.lower()}_unique_source"
                )
            ],
        },
    )
    model = type(
        name,
        (Citation,),
        {
            "__module__": fact_model.__module__,
            "fact": models.ForeignKey(
                fact_model, on_delete=models.CASCADE, related_name="citations"
            ),
            "Meta": meta,
        },
    )
    model.natural_key.dependencies = ["films.source", fact_model._meta.label_lower]
    return model


def exactly_one(*fields):
    """Q condition: exactly one of the given nullable FK fields is set."""
    conditions = []
    for chosen in fields:
        q = models.Q(**{f"{chosen}__isnull": False})
        for other in fields:
            if other != chosen:
                q &= models.Q(**{f"{other}__isnull": True})
        conditions.append(q)
    result = conditions[0]
    for q in conditions[1:]:
        result |= q
    return result


def require_exactly_one(instance, *fields, message):
    set_fields = [f for f in fields if getattr(instance, f"{f}_id") is not None]
    if len(set_fields) != 1:
        raise ValidationError({fields[0]: message})


class PageVersion(models.Model):
    """How often the pages at one address went stale: the page cache's dependency versions.

    ``shown`` moves when a row shown on the page at ``path`` is written (a film's
    credit moves its film's page and its person's page); ``named`` moves when the
    thing at ``path`` itself is written, so every page that links to it (and shows
    its name) is stale too. The row with the empty path holds the counters: ``shown``
    for writes that no page can be named for (every detail page goes stale), ``named``
    for every write that could (a cached page checks its dependencies only when it
    moved). Written by ``filmkb.versioning``, read by ``filmkb.cache``.
    """

    path = models.CharField(max_length=500, unique=True)
    shown = models.PositiveBigIntegerField(default=0)
    named = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"{self.path or '(counters)'}: shown {self.shown}, named {self.named}"
