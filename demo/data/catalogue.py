"""Unsaved demo films, people, credits, tags, publications and critics.

Every slug starts with DEMO_PREFIX: that is how the command tells its own rows from
real data (and removes an earlier demo build before making a new one).
"""

import random
from datetime import date, timedelta

from django.utils.text import slugify

from critics.models import Critic, Publication
from demo.data import names
from demo.data.text import PLOT, RATING_SCALES
from films.models import Credit, Film, Person

DEMO_PREFIX = "demo-"
TOP_CRITIC_SHARE = 0.1
# Releases run up to mid-2025 so every review (dated after its film) is in the past.
LAST_RELEASE = date(2025, 4, 30)


def _slug(text: str, number: int) -> str:
    return f"{DEMO_PREFIX}{slugify(text)}-{number}"


def _person_name(rng: random.Random) -> str:
    return f"{rng.choice(names.FIRST_NAMES)} {rng.choice(names.LAST_NAMES)}"


def publications(rng: random.Random, count: int) -> list[Publication]:
    """Outlets; every third (the first included) rates with bare numbers on a declared scale."""
    rows = []
    for number in range(1, count + 1):
        name = f"The {rng.choice(names.PUBLICATION_PREFIXES)} {rng.choice(names.PUBLICATION_WORDS)}"
        slug = _slug(name, number)
        rows.append(
            Publication(
                name=name,
                slug=slug,
                website=f"https://{slug}.example.org",
                is_top_publication=rng.random() < 0.15,
                rating_scale=rng.choice(RATING_SCALES) if number % 3 == 1 else None,
            )
        )
    return rows


def critics(rng: random.Random, count: int) -> list[Critic]:
    tops = set(rng.sample(range(count), round(count * TOP_CRITIC_SHARE)))
    rows = []
    for number in range(count):
        name = _person_name(rng)
        rows.append(
            Critic(
                name=name,
                slug=_slug(name, number + 1),
                bio=f"{name} has written about film for {rng.randint(2, 35)} years.",
                is_top_critic=number in tops,
            )
        )
    return rows


def critic_outlets(
    rng: random.Random, critic_count: int, publication_count: int
) -> list[tuple[int, ...]]:
    """Publication indexes per critic: most write for one, some for two, some freelance."""
    outlets: list[tuple[int, ...]] = []
    for _ in range(critic_count):
        roll = rng.random()
        wanted = 0 if roll < 0.1 or not publication_count else 2 if roll > 0.85 else 1
        outlets.append(tuple(rng.sample(range(publication_count), min(wanted, publication_count))))
    return outlets


def people(rng: random.Random, count: int) -> list[Person]:
    rows = []
    for number in range(count):
        name = _person_name(rng)
        rows.append(Person(name=name, slug=_slug(name, number + 1)))
    return rows


def films(rng: random.Random, count: int) -> list[Film]:
    rows = []
    for number in range(count):
        title = rng.choice(names.TITLE_PATTERNS).format(
            adjective=rng.choice(names.TITLE_ADJECTIVES),
            noun=rng.choice(names.TITLE_NOUNS),
            place=rng.choice(names.PLACES),
        )
        released = LAST_RELEASE - timedelta(days=int(rng.triangular(0, 365 * 60, 0)))
        wide = released + timedelta(days=rng.choice((7, 14, 21))) if rng.random() < 0.3 else None
        rows.append(
            Film(
                title=title,
                slug=_slug(title, number + 1),
                release_year=released.year,
                release_date=released,
                wide_release_date=wide,
                runtime_minutes=rng.randint(78, 175),
                synopsis=" ".join(rng.sample(PLOT, 2)),
                distributor=rng.choice(names.DISTRIBUTORS),
                country=rng.choice(names.COUNTRIES),
                language=rng.choice(names.LANGUAGES),
            )
        )
    return rows


def film_tags(rng: random.Random, film_count: int) -> list[tuple[str, ...]]:
    """Tag names per film: one or two genres and up to two keywords."""
    return [
        tuple(
            rng.sample(names.GENRES, rng.randint(1, 2))
            + rng.sample(names.KEYWORDS, rng.randint(0, 2))
        )
        for _ in range(film_count)
    ]


def credits(
    rng: random.Random, saved_films: list[Film], saved_people: list[Person]
) -> list[Credit]:
    """A director, writers, a billed cast, a composer and one other crew member per film."""
    rows = []
    for film in saved_films:
        cast_size = rng.randint(3, 7)
        crew = rng.sample(saved_people, min(len(saved_people), cast_size + 5))
        director, writer, composer, other, *cast = crew
        rows += [
            Credit(film=film, person=director, role=Credit.Role.DIRECTOR),
            Credit(film=film, person=writer, role=Credit.Role.WRITER),
            Credit(film=film, person=composer, role=Credit.Role.COMPOSER),
            Credit(
                film=film,
                person=other,
                role=Credit.Role.OTHER,
                job_title=rng.choice(names.JOB_TITLES),
            ),
        ]
        if rng.random() < 0.4:  # the director co-wrote it
            rows.append(Credit(film=film, person=director, role=Credit.Role.WRITER, order=1))
        rows += [
            Credit(
                film=film,
                person=person,
                role=Credit.Role.CAST,
                character_name=rng.choice(names.FIRST_NAMES),
                order=order,
            )
            for order, person in enumerate(cast)
        ]
    return rows
