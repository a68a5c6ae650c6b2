"""People and organizations: everyone and everything the articles name."""

from django.db import models

from filmkb.models import Entity, EntityManager, EntityQuerySet, citation_model


class PersonQuerySet(EntityQuerySet):
    def for_list(self):
        return self.order_by("sort_name", "name")


class Person(Entity):
    sort_name = models.CharField(
        max_length=300,
        blank=True,
        help_text="Family name first, for sorting (e.g. 'Jonze, Spike').",
    )
    description = models.CharField(
        max_length=300, blank=True, help_text="One line in your own words: who this is."
    )

    objects = EntityManager.from_queryset(PersonQuerySet)()

    url_name = "people:person"

    class Meta(Entity.Meta):
        ordering = ["sort_name", "name"]
        verbose_name_plural = "people"
        indexes = [models.Index(fields=["sort_name", "name"], name="person_list_order_idx")]

    def save(self, *args, **kwargs):
        if not self.sort_name:
            parts = self.name.rsplit(" ", 1)
            self.sort_name = f"{parts[1]}, {parts[0]}" if len(parts) == 2 else self.name
        super().save(*args, **kwargs)


class PersonAliasManager(models.Manager):
    def get_by_natural_key(self, person_slug, name):
        return self.get(person__slug=person_slug, name=name)


class PersonAlias(models.Model):
    class Kind(models.TextChoices):
        CREDITED_AS = "credited_as", "Credited as"
        ALTERNATE_SPELLING = "spelling", "Alternate or mistaken spelling"
        BIRTH_NAME = "birth_name", "Birth name"
        STAGE_NAME = "stage_name", "Stage name"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CREDITED_AS)
    note = models.CharField(max_length=300, blank=True)

    objects = PersonAliasManager()

    class Meta:
        ordering = ["person", "name"]
        verbose_name_plural = "person aliases"
        constraints = [
            models.UniqueConstraint(fields=["person", "name"], name="personalias_unique_name")
        ]

    def __str__(self):
        return f"{self.name} ({self.person})"

    def natural_key(self):
        return (*self.person.natural_key(), self.name)

    natural_key.dependencies = ["people.person"]


class Organization(Entity):
    class Kind(models.TextChoices):
        STUDIO = "studio", "Production company or studio"
        DISTRIBUTOR = "distributor", "Distributor"
        PUBLICATION = "publication", "Publication"
        WEBSITE = "website", "Website or online service"
        FESTIVAL = "festival", "Film festival"
        AWARD_BODY = "award_body", "Award body"
        RECORD_LABEL = "record_label", "Record label"
        MUSICAL_GROUP = "musical_group", "Band or musical group"
        BROADCASTER = "broadcaster", "Broadcaster"
        PUBLISHER = "publisher", "Publisher or media group"
        RATINGS_BOARD = "ratings_board", "Classification board"
        OTHER = "other", "Other"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        help_text="Owner or publisher (e.g. a magazine's media group).",
    )
    description = models.CharField(max_length=300, blank=True)

    objects = EntityManager()

    url_name = "people:organization"

    class Meta(Entity.Meta):
        pass


class OrganizationAliasManager(models.Manager):
    def get_by_natural_key(self, organization_slug, name):
        return self.get(organization__slug=organization_slug, name=name)


class OrganizationAlias(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=300)
    note = models.CharField(max_length=300, blank=True)

    objects = OrganizationAliasManager()

    class Meta:
        ordering = ["organization", "name"]
        verbose_name_plural = "organization aliases"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="organizationalias_unique_name"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.organization})"

    def natural_key(self):
        return (*self.organization.natural_key(), self.name)

    natural_key.dependencies = ["people.organization"]


class MembershipManager(models.Manager):
    def get_by_natural_key(self, person_slug, organization_slug):
        return self.get(person__slug=person_slug, organization__slug=organization_slug)


class Membership(models.Model):
    """A person's place in a group: 'Karen O, frontwoman of Yeah Yeah Yeahs'."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=200, blank=True, help_text="e.g. frontwoman, member.")

    objects = MembershipManager()

    class Meta:
        ordering = ["organization", "person"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organization"], name="membership_unique_person_organization"
            )
        ]

    def __str__(self):
        role = f" ({self.role})" if self.role else ""
        return f"{self.person}, {self.organization}{role}"

    def get_page_url(self):
        """Memberships are shown on the organization's page."""
        return self.organization.get_absolute_url()

    def natural_key(self):
        return (self.person.slug, self.organization.slug)

    natural_key.dependencies = ["people.person", "people.organization"]


MembershipCitation = citation_model(Membership)
