"""Real URLs picked from the database for the HTTP benchmarks, and their query counts.

Import after django.setup(): bench/http_pages.py and bench/load_mixed.py set the
production environment first; the tests import it under pytest-django.
"""

from __future__ import annotations

import random
from urllib.parse import quote

from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from taggit.models import Tag

from critics.models import Critic, Publication, Review
from films.models import Film

FILMS_PER_PAGE = 24  # public.views.FilmListView.paginate_by
CRITICS_PER_PAGE = 48  # public.views.CriticListView.paginate_by
DEEP_PAGE = 500
FILM_REVIEWS_TARGET = 1_500  # "a film with about 1,000 reviews": the most under this
MINIMAL_PATH = "/bench/minimal/"
SEARCH_WORD = "film"


def published_review_counts(field: str):
    return (
        Review.objects.published()
        .values(field)
        .annotate(reviews=Count("id"))
        .order_by("-reviews", field)
    )


def film_with_about_a_thousand_reviews() -> tuple[Film, int]:
    """The film with the most reviews under FILM_REVIEWS_TARGET, else the most reviewed."""
    counts = published_review_counts("film")
    row = counts.filter(reviews__lte=FILM_REVIEWS_TARGET).first() or counts.first()
    if row is None:
        raise LookupError("The database has no published reviews to benchmark.")
    return Film.objects.get(pk=row["film"]), row["reviews"]


def most_prolific_critic() -> tuple[Critic, int]:
    row = published_review_counts("critic").first()
    return Critic.objects.get(pk=row["critic"]), row["reviews"]


def films_list_pages() -> int:
    return max(1, -(-Film.objects.count() // FILMS_PER_PAGE))


def benchmark_pages(search_word: str = SEARCH_WORD) -> list[tuple[str, str]]:
    """(name, path) of each page http_pages.py measures, the minimal view first."""
    film, film_reviews = film_with_about_a_thousand_reviews()
    critic, critic_reviews = most_prolific_critic()
    review = Review.objects.published().filter(film=film).order_by("-publish_at", "-pk").first()
    deep = min(DEEP_PAGE, films_list_pages())
    return [
        ("minimal view", MINIMAL_PATH),
        ("home", "/"),
        ("films list, page 1", "/films/"),
        (f"films list, page {deep}", f"/films/?page={deep}"),
        (f"film ({film_reviews:,} reviews)", film.get_absolute_url()),
        ("review", review.get_absolute_url()),
        (f"critic ({critic_reviews:,} reviews)", critic.get_absolute_url()),
        (f"search '{search_word}'", f"/search/?q={quote(search_word)}"),
        ("API: film consensus", f"/api/films/{film.slug}/consensus/"),
    ]


def _spread(items: list, count: int) -> list:
    """`count` items evenly spaced over the list (all of them if it is shorter)."""
    if len(items) <= count:
        return list(items)
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]


def _published_review_ids(count: int) -> list[int]:
    """Published reviews spread over the id range, one indexed query each."""
    reviews = Review.objects.published().order_by("pk")
    first, last = (
        reviews.values_list("pk", flat=True).first(),
        reviews.values_list("pk", flat=True).last(),
    )
    if first is None:
        return []
    ids = []
    for i in range(count):
        target = first + (last - first) * i // max(1, count - 1)
        found = reviews.filter(pk__gte=target).values_list("pk", flat=True).first()
        if found is not None and found not in ids:
            ids.append(found)
    return ids


def mixed_paths(*, films: int = 400, seed: int = 7) -> list[str]:
    """The load test's URL set, shuffled: about 2.5 paths per film asked for.

    Public pages (lists at many depths, film, review, critic, publication and tag
    pages), search queries and every kind of API endpoint, across many films.
    """
    slugs = list(Film.objects.order_by("pk").values_list("slug", flat=True))
    film_slugs = _spread(slugs, films)
    critics = _spread(list(Critic.objects.order_by("pk").values_list("slug", flat=True)), 60)
    publications = list(Publication.objects.order_by("pk").values_list("slug", flat=True)[:20])
    tags = [slug for slug in Tag.objects.order_by("pk").values_list("slug", flat=True)[:20] if slug]
    pages = films_list_pages()
    list_pages = sorted({1 + (pages - 1) * i // 19 for i in range(20)})
    api_pages = sorted({1 + (-(-len(slugs) // 20) - 1) * i // 9 for i in range(10)})
    titles = Film.objects.filter(slug__in=film_slugs[:10]).values_list("title", flat=True)
    words = ["film", "performances", "drama", *(title.split()[0] for title in titles)]

    paths = ["/", "/films/", "/critics/", "/news/"]
    if Critic.objects.count() > CRITICS_PER_PAGE:
        paths.append("/critics/?page=2")
    paths += [f"/films/?page={page}" for page in list_pages]
    paths += [f"/films/?sort=newest&page={page}" for page in list_pages[::4]]
    paths += [f"/films/?sort=title&page={page}" for page in list_pages[::4]]
    paths += [f"/films/{slug}/" for slug in film_slugs]
    paths += [f"/films/{slug}/reviews/" for slug in film_slugs[::8]]
    paths += [f"/reviews/{pk}/" for pk in _published_review_ids(max(10, films // 4))]
    paths += [f"/critics/{slug}/" for slug in critics]
    paths += [f"/publications/{slug}/" for slug in publications]
    paths += [f"/tags/{quote(slug)}/" for slug in tags]
    paths += [f"/search/?q={quote(word)}" for word in dict.fromkeys(words)]
    paths += [f"/api/films/?page={page}" for page in api_pages]
    paths += [f"/api/films/{slug}/" for slug in film_slugs[::4]]
    paths += [f"/api/films/{slug}/consensus/" for slug in film_slugs[1::4]]
    paths += [f"/api/films/{slug}/reviews/" for slug in film_slugs[2::8]]
    paths += [f"/api/critics/{slug}/" for slug in critics[::3]]
    random.Random(seed).shuffle(paths)
    return paths


def limiter_paths() -> list[str]:
    """A few search and API paths: the rate-limited part of the site.

    Few, so the page cache soon answers the API ones and even a slow machine passes
    the limits within seconds.
    """
    paths = mixed_paths(films=40)
    return [p for p in paths if p.startswith("/api/")][:4] + [
        p for p in paths if p.startswith("/search/")
    ][:2]


def _client() -> Client:
    return Client(HTTP_HOST="127.0.0.1")


def _without_limits():
    return override_settings(SEARCH_RATE_LIMIT="off", API_RATE_LIMIT="off", RENDER_RATE_LIMIT="off")


def failing_paths(paths: list[str]) -> list[tuple[str, int]]:
    """Paths that do not answer 200, rendered in-process with the page cache off."""
    client = _client()
    with _without_limits(), override_settings(PAGE_CACHE_SECONDS=0):
        answers = [(path, client.get(path).status_code) for path in paths]
    return [(path, status) for path, status in answers if status != 200]


def query_counts(path: str) -> tuple[int, int]:
    """SQL queries of one request: with the page cache off, and with it on and warm.

    Each is counted on a second request, after one that loads what a worker keeps
    (templates, content types, a database connection) or fills the page cache.
    """
    client = _client()
    counts = []
    for seconds in (0, max(settings.PAGE_CACHE_SECONDS, 600)):
        with _without_limits(), override_settings(PAGE_CACHE_SECONDS=seconds):
            client.get(path)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        counts.append(len(captured.captured_queries))
    return counts[0], counts[1]


def database_facts() -> str:
    if connection.vendor == "postgresql":
        name = f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}"
        where = connection.settings_dict["NAME"]
    else:
        name = f"{connection.vendor} {connection.Database.sqlite_version}"
        where = connection.settings_dict["NAME"]
    return (
        f"{name}, database {where}: {Film.objects.count():,} films, "
        f"{Critic.objects.count():,} critics, {Review.objects.published().count():,} "
        "published reviews"
    )
