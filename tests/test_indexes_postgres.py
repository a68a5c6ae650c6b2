"""On PostgreSQL, search and the list pages' queries can use their indexes (EXPLAIN).

The test database is small, so the planner would rightly prefer sequential
scans; with ``enable_seqscan`` off it still picks a sequential scan when no
index matches the query's expression, so the plan shows whether the index fits.
Run with ``DATABASE_URL=postgres://...``; skipped on SQLite.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from films.search import search
from tests.builders import make_credit, make_film, make_person, make_source

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="GIN and trigram indexes are PostgreSQL-only"
    ),
]


def plan(sql):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        # The captured SQL has its values inlined (hence no parameters here).
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def captured(callable_):
    with CaptureQueriesContext(connection) as ctx:
        callable_()
    return [q["sql"] for q in ctx.captured_queries]


@pytest.fixture
def data(db):
    person = make_person(name="Scarlett Johansson", slug="scarlett-johansson")
    film = make_film(name="Her", slug="her")
    make_credit(film=film, person=person)
    make_source(title="Johansson on Her")
    return film


@pytest.mark.parametrize(
    ("table", "kind"),
    [
        ("films_film", "films"),
        ("people_person", "people"),
        ("people_organization", "organizations"),
        ("films_character", "characters"),
        ("films_source", "sources"),
    ],
)
def test_search_uses_the_full_text_and_trigram_indexes(data, table, kind):
    sql = next(s for s in captured(lambda: search("Johansson")) if f'FROM "{table}"' in s)

    explained = plan(sql)

    assert f"{table}_fts" in explained, explained
    assert "_trgm" in explained, explained
    assert f"Seq Scan on {table}" not in explained, explained


@pytest.mark.parametrize(
    ("url", "table", "indexes"),
    [
        ("/people/", "people_person", ["person_list_order_idx"]),
        ("/films/", "films_film", ["film_list_order_idx"]),
        ("/sources/", "films_source", ["source_list_order_idx"]),
        (
            "/people/?department=cast&job=actor",
            "films_credit",
            ["credit_dept_job_person_idx", "credit_job_person_idx"],
        ),
        ("/people/?job=director", "films_credit", ["credit_job_person_idx"]),
    ],
)
def test_list_pages_read_their_page_through_an_index(client, data, url, table, indexes):
    queries = captured(lambda: client.get(url))
    page_sql = [s for s in queries if "LIMIT" in s and f'"{table}"' in s]
    assert page_sql, queries

    explained = plan(page_sql[-1])

    assert any(index in explained for index in indexes), explained
    assert f"Seq Scan on {table}" not in explained, explained


def test_the_list_count_is_bounded(client, data):
    queries = captured(lambda: client.get("/people/"))

    count = next(s for s in queries if "COUNT(*)" in s)
    assert "LIMIT 10001" in count
