"""Housekeeping written by the fixture reload, not by curators."""

from django.db import models


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
