"""Baseline versions: every row reload_fixtures loads can be compared with and reverted to."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from reversion.models import Revision, Version

from filmkb.history import FIXTURES_AUTHOR, author, is_fixture_revision, version_diff
from films import sync
from films.models import Credit, CreditCitation
from tests import sync_data
from tests.admin_forms import admin_url, form_data
from tests.sync_data import find, write

pytestmark = pytest.mark.django_db


def reload(*args, **kwargs):
    out = StringIO()
    call_command("reload_fixtures", *[str(a) for a in args], stdout=out, **kwargs)
    return out.getvalue()


@pytest.fixture
def article():
    if not sync.default_paths()[0]:
        pytest.skip("fixtures/ holds no fixture files yet")
    reload()


def versions_of(obj):
    return list(Version.objects.get_for_object(obj).select_related("revision").order_by("pk"))


def test_after_a_fresh_reload_every_loaded_row_has_a_version_by_the_fixtures(article):
    checked = 0
    for label in sync.managed_labels():
        model = apps.get_model(label)
        rows = set(model._base_manager.values_list("pk", flat=True))
        versioned = {
            int(pk)
            for pk in Version.objects.get_for_model(model).values_list("object_id", flat=True)
        }
        assert rows <= versioned, f"{label}: {len(rows - versioned)} loaded rows have no version"
        checked += len(rows)
    assert checked > 1000
    assert not Revision.objects.exclude(user=None).exists()
    assert all(is_fixture_revision(r) for r in Revision.objects.all())


def test_the_comment_names_the_fixture_file_and_the_author_is_the_fixtures(article):
    credit = Credit.objects.filter(citations__isnull=False).first()
    [version] = versions_of(credit)
    assert (
        version.revision.comment
        == f"Loaded from fixture file fixtures/films/{credit.film.slug}/cast-and-crew.json"
    )
    assert author(version.revision) == FIXTURES_AUTHOR
    # The credit's citations are saved with it, so a revert keeps them.
    cited = {v.object_id for v in version.revision.version_set.exclude(pk=version.pk)}
    assert cited == {str(pk) for pk in credit.citations.values_list("pk", flat=True)}


def test_a_second_reload_of_the_same_files_adds_no_versions(article):
    before = (Revision.objects.count(), Version.objects.count())
    assert "0 created, 0 updated, 0 deleted" in reload()
    assert (Revision.objects.count(), Version.objects.count()) == before


def test_a_reload_versions_only_the_rows_it_changes_and_a_changed_citation_versions_its_fact(
    tmp_path,
):
    path = write(tmp_path / "small.json", sync_data.objects())
    reload(path)
    revisions = Revision.objects.count()
    items = sync_data.objects()
    find(items, "films.genre", slug="drama")["fields"]["name"] = "Drama film"
    citation = next(i for i in items if i["model"] == "films.creditcitation")
    citation["fields"]["locator"] = "p. 99"
    write(path, items)

    reload(path)

    new = Revision.objects.order_by("pk")[revisions:]
    reprs = sorted(
        v.object_repr
        for r in new
        for v in r.version_set.all()
        if v.content_type.model != "creditcitation"
    )
    assert len(new) == 2
    assert "Drama film" in reprs
    credit = Credit.objects.get(citations__locator="p. 99")
    latest = versions_of(credit)[-1]
    [row] = version_diff(latest)["rows"]
    assert (row.kind, row.status) == ("credit citation", "changed")
    assert [(c.label, c.new) for c in row.changes] == [("locator", "p. 99")]


def test_a_curator_edit_shows_the_loaded_value_and_reverting_brings_it_back(
    article, curator_client
):
    credit = Credit.objects.filter(citations__isnull=False, credited_as="").first()
    citations = sorted(credit.citations.values_list("source_id", "locator"))
    url = admin_url(Credit, "change", credit.pk)
    data = form_data(curator_client.get(url))
    data["credited_as"] = "A curator's test edit"
    response = curator_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    loaded, edited = versions_of(credit)
    history = curator_client.get(admin_url(Credit, "history", credit.pk)).content.decode()
    assert FIXTURES_AUTHOR in history
    assert (
        f"Loaded from fixture file fixtures/films/{credit.film.slug}/cast-and-crew.json" in history
    )

    diff_page = curator_client.get(admin_url(Credit, "version_diff", credit.pk, edited.pk))
    changes = {c.label: (c.old, c.new) for c in diff_page.context["diff"]["fields"]}
    assert changes == {"credited as": ("—", "A curator's test edit")}
    assert diff_page.context["diff"]["previous"] == loaded
    assert "by the fixtures (the loaded value)" in diff_page.content.decode()

    revert = admin_url(Credit, "revision", credit.pk, loaded.pk)
    response = curator_client.post(revert, form_data(curator_client.get(revert)))
    assert response.status_code == 302
    credit.refresh_from_db()
    assert credit.credited_as == ""
    assert sorted(credit.citations.values_list("source_id", "locator")) == citations
    assert CreditCitation.objects.filter(fact=credit).count() == len(citations)
