"""Search matches whole words, forgives small typos and keeps long queries in bounds.

Runs on both databases (FTS5 word indexes on SQLite, tsvector and trigrams on
PostgreSQL) unless marked.
"""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from critics.models import PublishingStatus
from critics.search import search
from critics.search_words import match_expression
from tests import factories

pytestmark = pytest.mark.django_db

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="FTS5 word indexes are SQLite's"
)


def kinds(query):
    return {group.kind: [str(r) for r in group.results] for group in search(query)}


@pytest.fixture
def two_films(db):
    la_la_land = factories.film(title="La La Land", release_year=2016)
    whiplash = factories.film(title="Whiplash", release_year=2014)
    factories.review(
        film=la_la_land, headline="Dreamers", body="A musical about Los Angeles, la la."
    )
    factories.review(
        film=whiplash, headline="Tempo", body="A flawless, relentless drama; a slap of a film."
    )
    return la_la_land, whiplash


def test_a_fragment_of_a_word_does_not_find_it(two_films):
    assert "films" not in kinds("ash")
    assert "films" not in kinds("plash")


def test_la_la_finds_la_la_land_and_only_its_reviews(two_films):
    found = kinds("la la")
    assert found["films"] == ["La La Land (2016)"]
    # "flawless", "relentless" and "slap" hold "la" but not the word.
    assert found["reviews"] == ["Dreamers"]


def test_the_last_word_is_also_a_prefix(two_films):
    assert kinds("whipl")["films"] == ["Whiplash (2014)"]
    assert kinds("la la lan")["films"] == ["La La Land (2016)"]


def test_words_match_in_any_case_and_form(two_films):
    assert kinds("WHIPLASH")["films"] == ["Whiplash (2014)"]
    assert kinds("dreamer")["reviews"] == ["Dreamers"]


@pytest.mark.parametrize(
    ("typed", "meant", "link"),
    [
        ("whiplsh", "Whiplash", "/search/?q=Whiplash"),
        ("lalaland", "La La Land", "/search/?q=La%20La%20Land"),
    ],
)
def test_a_typo_gets_a_did_you_mean_link(client, seed_data, typed, meant, link):
    page = client.get("/search/", {"q": typed}).content.decode()
    assert f"Nothing found for “{typed}”" in page
    assert f'Did you mean <a href="{link}">{meant}</a>?' in page
    # The link leads to the film.
    assert kinds(meant)["films"][0].startswith(meant)


def test_a_typo_in_a_critics_name_is_corrected(client, db):
    factories.critic(name="Manohla Dargis")
    page = client.get("/search/", {"q": "manohal dargis"}).content.decode()
    assert ">Manohla Dargis</a>?" in page


def test_nothing_close_offers_no_suggestion(client, two_films):
    page = client.get("/search/", {"q": "qwertyuiop"}).content.decode()
    assert "Did you mean" not in page
    assert "Try fewer or different words." in page


def test_a_drafts_words_never_surface(client, db):
    film = factories.film(title="Arrival")
    factories.review(film=film, status=PublishingStatus.DRAFT, headline="Heptapod secrets")
    published = factories.review(film=film, headline="Linguistics")
    assert kinds("heptapod") == {}
    published.status = PublishingStatus.DRAFT
    published.save()
    assert kinds("linguistics") == {}
    assert "Heptapod" not in client.get("/search/", {"q": "heptapod"}).content.decode()


def test_an_edit_or_a_deletion_is_searchable_at_once(db):
    film = factories.film(title="Working Title")
    film.title = "Moonrise Kingdom"
    film.save()
    assert kinds("moonrise")["films"] == ["Moonrise Kingdom (2020)"]
    assert "films" not in kinds("working")
    film.delete()
    assert kinds("moonrise") == {}


def test_a_long_query_is_capped_with_a_message(client, two_films):
    typed = "whiplash " + "x" * 491
    page = client.get("/search/", {"q": typed}).content.decode()
    assert "Searches are limited to 200 characters; we searched for the first 200." in page
    assert "x" * 191 in page and "x" * 192 not in page
    short = client.get("/search/", {"q": "whiplash"}).content.decode()
    assert "Searches are limited" not in short


def test_the_echoed_query_wraps_rather_than_widen_the_page(client, db, settings):
    page = client.get("/search/", {"q": "x" * 200}).content.decode()
    assert f'<p role="status" class="search-status">Nothing found for “{"x" * 200}”' in page
    css = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()
    assert ".search-status { overflow-wrap: anywhere; }" in css


def test_typed_syntax_is_never_read_as_fts_syntax():
    # FTS5 operators, column filters and stray quotes become plain words; an unclosed
    # phrase runs to the end.
    assert match_expression('whip"lash OR x* NEAR(a b)') == (
        '("whip lash" AND "OR" AND "x" AND "NEAR a" AND "b")'
    )
    assert match_expression("title:x*") == '("title x")'
    assert match_expression('"unclosed phrase') == '("unclosed phrase")'
    assert match_expression("whipl") == '("whipl"*)'
    assert match_expression("la la") == '("la" AND "la")'
    assert match_expression('"la la land" -musical') == '("la la land") NOT ("musical")'
    assert match_expression('-only "" --') is None


def test_exclusions_and_phrases_work(two_films):
    assert "films" not in kinds('"land la"')
    assert kinds('"la la land"')["films"] == ["La La Land (2016)"]
    assert kinds("angeles")["reviews"] == ["Dreamers"]
    assert "reviews" not in kinds("angeles -musical")


@sqlite_only
def test_the_word_index_survives_a_table_rebuilt_by_a_migration(db):
    # Django's SQLite schema editor rebuilds a table to alter it, dropping its triggers.
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER films_film_fts_insert")
    factories.film(title="Moonrise Kingdom")
    assert kinds("moonrise") == {}
    call_command("migrate", verbosity=0)
    assert kinds("moonrise")["films"] == ["Moonrise Kingdom (2020)"]
    factories.film(title="Moonstruck")
    assert len(kinds("moon")["films"]) == 2


def test_data_loaded_with_loaddata_is_searchable(seed_data):
    # load_seed_data runs loaddata, as restore_site does for a JSON backup.
    assert kinds("freeway")["reviews"]
    assert kinds("whiplash")["films"] == ["Whiplash (2014)"]
    assert kinds("stone")["people"] == ["Emma Stone"]


@pytest.mark.postgres(reason="pg_trgm and its indexes are PostgreSQL")
def test_postgres_suggestions_can_use_the_trigram_index(db):
    from films.models import Film

    factories.film(title="Whiplash")
    matches = Film.objects.filter(title__trigram_similar="whiplsh").order_by()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = matches.explain()
    assert "film_title_trgm" in plan


# The search page's queries: the rebuild check of critics/middleware.py, one per kind on
# PostgreSQL and two on SQLite (rank the ids, then read the rows: critics/search_words.py),
# the second only for a kind with results; and, when nothing is found, "Did you mean".
SEARCH_QUERIES = (
    {"found": 6, "nothing_found": 7}
    if connection.vendor == "postgresql"
    else {"found": 11, "nothing_found": 7}
)


@pytest.mark.parametrize("size", [2, 7], ids=["small", "large"])
@pytest.mark.parametrize(("case", "query"), [("found", "shared"), ("nothing_found", "sharedd 0")])
def test_search_page_query_count_is_fixed(
    client, django_assert_num_queries, settings, size, case, query
):
    settings.PAGE_CACHE_SECONDS = 0
    for n in range(size):
        film = factories.film(title=f"Shared {n}")
        factories.person(name=f"Shared Person {n}")
        factories.critic(name=f"Shared Critic {n}")
        for _ in range(size):
            factories.review(film=film, headline=f"Shared thoughts {n}")
        factories.article(title=f"Shared news {n}")
    cache.clear()
    with django_assert_num_queries(SEARCH_QUERIES[case]):
        page = client.get("/search/", {"q": query}).content.decode()
    assert ("Did you mean" in page) == (case == "nothing_found")
