"""Synthetic shared entities: people, organizations, genres, lists, ceremonies, categories."""

from __future__ import annotations

from array import array
from dataclasses import dataclass

from awards.models import (
    Category,
    Ceremony,
)
from films.models import (
    Genre,
    TopTenList,
)
from films.scale.common import (
    _NOUNS,
    _OUTLETS,
    AWARD_BODIES,
    CEREMONY_YEARS,
    GENRES,
    PER_FILM,
    _insert,
    person_name,
    synthetic,
)
from people.models import Organization, Person


def _people(counts):
    for i in range(counts.people):
        name = person_name(i)
        first, _, last = name.partition(" ")
        yield Person(
            name=name,
            slug=synthetic("person", i),
            sort_name=f"{last}, {first}",
            description="Synthetic person for performance tests.",
        )


def _organizations(counts):
    kinds = (
        Organization.Kind.PUBLICATION,
        Organization.Kind.STUDIO,
        Organization.Kind.DISTRIBUTOR,
        Organization.Kind.FESTIVAL,
        Organization.Kind.WEBSITE,
    )
    for i in range(counts.organizations):
        if i < AWARD_BODIES:
            kind, name = Organization.Kind.AWARD_BODY, f"Synthetic Film Award {i + 1}"
        else:
            kind = kinds[i % len(kinds)]
            name = f"The {_NOUNS[i % len(_NOUNS)]} {_OUTLETS[(i // 7) % len(_OUTLETS)]} {i}"
        yield Organization(name=name, slug=synthetic("org", i), kind=kind)


@dataclass
class Shared:
    people: array
    organizations: array
    genres: array
    lists: array
    ceremonies: array  # index body * len(CEREMONY_YEARS) + year offset
    categories: array  # index body * nominations + k

    def person(self, index):
        return self.people[index % len(self.people)]

    def organization(self, index):
        # Award bodies are the first few; everything else cycles over the rest.
        rest = len(self.organizations) - AWARD_BODIES
        return self.organizations[AWARD_BODIES + index % rest]


def _make_shared(counts, batch_size, progress):
    people = _insert(Person, _people(counts), batch_size)
    progress("people", counts.people, counts.people)
    organizations = _insert(Organization, _organizations(counts), batch_size)
    genres = _insert(
        Genre,
        (
            Genre(name=f"{name} (synthetic)", slug=synthetic("genre", i))
            for i, name in enumerate(GENRES)
        ),
        batch_size,
    )
    lists = _insert(
        TopTenList,
        (
            TopTenList(
                name=f"{person_name(i)}'s best of {2005 + i % 20}",
                slug=synthetic("list", i),
                year=2005 + i % 20,
                publication_id=organizations[
                    AWARD_BODIES + i % (len(organizations) - AWARD_BODIES)
                ],
                size=10,
            )
            for i in range(counts.top_ten_lists)
        ),
        batch_size,
    )
    ceremonies = _insert(
        Ceremony,
        (
            Ceremony(
                name=f"{edition}th Synthetic Film Award {body + 1}",
                slug=synthetic("ceremony", body * 100 + edition),
                body_id=organizations[body],
                edition=edition,
                year=year,
            )
            for body in range(AWARD_BODIES)
            for edition, year in enumerate(CEREMONY_YEARS, start=1)
        ),
        batch_size,
    )
    categories = _insert(
        Category,
        (
            Category(
                name=f"Best {_NOUNS[k]} {k}",
                slug=synthetic("category", body * 100 + k),
                body_id=organizations[body],
            )
            for body in range(AWARD_BODIES)
            for k in range(PER_FILM["nominations"])
        ),
        batch_size,
    )
    return Shared(people, organizations, genres, lists, ceremonies, categories)
