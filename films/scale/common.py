"""Shapes and names of the synthetic archive: per-film counts, word lists, bulk inserts."""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from itertools import islice

from films.fixture_layout import SYNTHETIC_PREFIX

# Facts per film, after the article (its count in brackets where different).
PER_FILM = {
    "characters": 16,  # cast credits beyond these play unnamed parts
    "releases": 11,
    "box_office": 12,
    "aggregate_scores": 3,
    "reviews": 11,
    "quotes_per_review": 2,  # [20 quotes for 11 reviews]
    "top_ten_entries": 10,  # [60: Her was on an unusual number of lists]
    "nominations": 13,
    "production_events": 23,
    "sources": 20,  # [76: an archive shares outlets; 20 distinct pages per film]
}
CAST_SHARE = 0.45  # 13 of the article's 29 credits are cast; crews are larger at scale
ORGANIZATIONS_PER_PERSON = 1 / 50  # 91 organizations for 142 people, spread thinner
AWARD_BODIES = 5
CEREMONY_YEARS = range(2005, 2025)
GENRES = ("Drama", "Comedy", "Romance", "Science fiction", "Thriller", "Documentary")

_FIRST = [
    "Ada",
    "Alma",
    "Amir",
    "Ana",
    "Ben",
    "Bo",
    "Cara",
    "Chen",
    "Dara",
    "Eli",
    "Emil",
    "Esme",
    "Farah",
    "Finn",
    "Gia",
    "Hana",
    "Ivo",
    "Ines",
    "Jon",
    "Juno",
    "Kai",
    "Kira",
    "Lars",
    "Lena",
    "Luca",
    "Maya",
    "Mila",
    "Nico",
    "Noor",
    "Omar",
    "Oona",
    "Pia",
    "Quinn",
    "Rafa",
    "Rhea",
    "Sami",
    "Sena",
    "Tao",
    "Tess",
    "Uma",
    "Vera",
    "Wes",
    "Xan",
    "Yara",
    "Yuri",
    "Zoe",
    "Zane",
]
_LAST = [
    "Abbott",
    "Alvarez",
    "Baker",
    "Banerjee",
    "Castillo",
    "Chowdhury",
    "Dalton",
    "Duarte",
    "Eriksen",
    "Fontaine",
    "Garber",
    "Halloran",
    "Ibarra",
    "Jensen",
    "Kaminski",
    "Laurent",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Petrov",
    "Quill",
    "Ramires",
    "Sandoval",
    "Takeda",
    "Underwood",
    "Varga",
    "Whitaker",
    "Xu",
    "Yilmaz",
    "Zeller",
]
_ADJECTIVES = [
    "Silent",
    "Distant",
    "Golden",
    "Broken",
    "Quiet",
    "Hidden",
    "Electric",
    "Paper",
    "Winter",
    "Burning",
    "Last",
    "Hollow",
    "Velvet",
    "Northern",
    "Glass",
    "Lonely",
    "Bright",
    "Secret",
    "Endless",
    "Crimson",
]
_NOUNS = [
    "Harbor",
    "Signal",
    "Garden",
    "Machine",
    "River",
    "Letter",
    "Orchard",
    "Voice",
    "Station",
    "Summer",
    "Mirror",
    "Island",
    "Engine",
    "Shadow",
    "Bridge",
    "Window",
    "Country",
    "Chorus",
    "Archive",
    "Season",
]
_OUTLETS = [
    "Courier",
    "Gazette",
    "Review",
    "Chronicle",
    "Monitor",
    "Observer",
    "Herald",
    "Dispatch",
    "Ledger",
    "Post",
]
_WORDS = [
    "tender",
    "luminous",
    "restless",
    "sincere",
    "witty",
    "aching",
    "patient",
    "daring",
    "intimate",
    "melancholy",
    "precise",
    "generous",
    "strange",
    "playful",
    "haunting",
]


@dataclass
class Counts:
    films: int
    people: int
    credits: int

    @property
    def organizations(self):
        return max(AWARD_BODIES + 3, round(self.people * ORGANIZATIONS_PER_PERSON))

    @property
    def top_ten_lists(self):
        return max(1, self.films)

    def credits_for(self, film_index):
        base, extra = divmod(self.credits, self.films)
        return base + (1 if film_index < extra else 0)


def synthetic(kind, number):
    return f"{SYNTHETIC_PREFIX}{kind}-{number:07d}"


def person_name(index):
    first = _FIRST[index % len(_FIRST)]
    last = _LAST[(index // len(_FIRST)) % len(_LAST)]
    generation = index // (len(_FIRST) * len(_LAST))
    return f"{first} {last}" + (f" {_roman(generation + 1)}" if generation else "")


def film_name(index):
    adjective = _ADJECTIVES[index % len(_ADJECTIVES)]
    noun = _NOUNS[(index // len(_ADJECTIVES)) % len(_NOUNS)]
    part = index // (len(_ADJECTIVES) * len(_NOUNS))
    return f"The {adjective} {noun}" + (f" {part + 1}" if part else "")


def _roman(number):
    numerals = ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, letter in numerals:
        while number >= value:
            out += letter
            number -= value
    return out if number == 0 else out + str(number)


def _batched(iterable, size):
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def _insert(model, objects, batch_size):
    """bulk_create a generator in batches; return the created ids in order."""
    ids = array("q")
    for batch in _batched(objects, batch_size):
        model.objects.bulk_create(batch, batch_size=batch_size)
        ids.extend(obj.pk for obj in batch)
    return ids


def quiet_progress(stage, done, total):
    """The default progress callback: report nothing."""
