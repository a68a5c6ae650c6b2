"""Person pages: a filmography of one row per film, and nothing meant for curators."""

import pytest

from films.models import Credit
from people.models import PersonAlias
from tests.builders import cite, make_credit, make_film, make_person

pytestmark = pytest.mark.django_db


def _html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_person_with_four_jobs_on_one_film_gets_one_row_with_them_all(client):
    person = make_person(name="Multi Hyphenate", slug="multi")
    film = make_film(name="One Film", slug="one-film", year=2001)
    other = make_film(name="Other Film", slug="other-film", year=1999)
    jobs = [
        (Credit.Department.DIRECTING, Credit.Job.DIRECTOR),
        (Credit.Department.WRITING, Credit.Job.SCREENWRITER),
        (Credit.Department.PRODUCTION, Credit.Job.PRODUCER),
        (Credit.Department.PRODUCTION, Credit.Job.EXECUTIVE_PRODUCER),
    ]
    for department, job in jobs:
        cite(make_credit(film, person, department=department, job=job))
    cite(make_credit(other, person))
    html = _html(client, "/people/multi/")
    table = html[html.index('class="filmography"') : html.index("</table>")]
    rows = table.split('<tr><th scope="row">')[1:]
    assert len(rows) == 2
    assert "Other Film" in rows[0] and "One Film" in rows[1]  # by year
    one_film = rows[1]
    assert one_film.count('class="department"') == 3
    assert one_film.count('class="cite"') == 4  # every role keeps its citation
    assert "Producer" in one_film and "Executive producer" in one_film
    production = one_film[one_film.index(">Production<") :]
    assert production.index("Producer") < production.index("Executive producer")


def test_an_aliass_note_for_curators_is_not_shown_to_readers(client):
    person = make_person(name="Spelled Right", slug="spelled-right")
    PersonAlias.objects.create(
        person=person,
        name="Speled Right",
        kind=PersonAlias.Kind.ALTERNATE_SPELLING,
        note="Misspelling in the source's review section.",
    )
    html = _html(client, "/people/spelled-right/")
    assert "Speled Right" in html
    assert "Misspelling in the source" not in html
