"""Public pages, feeds, sitemap and API are cached whole, and never show stale content.

Runs on whichever cache the settings pick: local memory, or Redis with REDIS_URL.
"""

import time
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from core import content_version as caching
from critics.models import PublishingStatus
from critics.services import workflow
from critics.services.consensus import recompute_film_consensus
from critics.sharing import share_path
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run on-commit work as a real commit would (the tests run inside a transaction)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def film():
    film = factories.film(title="The Cached Film", slug="cached-film")
    critic = factories.critic(name="Ada Early", slug="ada-early")
    factories.review(film=film, critic=critic, rating="3/4")
    recompute_film_consensus(film.pk)
    return film


def pages_of(review) -> dict[str, str]:
    film, critic = review.film, review.critic
    return {
        "film page": film.get_absolute_url(),
        "critic page": critic.get_absolute_url(),
        "home": "/",
        "reviews feed": "/reviews/feed/",
        "film feed": f"{film.get_absolute_url()}feed/",
        "critic feed": f"{critic.get_absolute_url()}feed/",
        "API reviews": f"/api/films/{film.slug}/reviews/",
    }


def shows(client, url: str, text: str) -> bool:
    response = client.get(url)
    assert response.status_code == 200, url
    return text in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/films/",
        "/films/cached-film/",
        "/critics/ada-early/",
        "/reviews/feed/",
        "/sitemap.xml",
        "/api/films/cached-film/consensus/",
    ],
)
def test_a_repeat_visit_is_served_from_the_cache_with_no_queries(
    client, film, django_assert_num_queries, url
):
    first = client.get(url)
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.status_code == 200
    assert again.content == first.content


def test_cached_pages_keep_their_security_headers(client, film):
    first = client.get("/films/cached-film/")
    again = client.get("/films/cached-film/")
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options"):
        assert again[header] == first[header]
    assert "default-src 'self'" in again["Content-Security-Policy"]


def test_the_api_docs_keep_their_own_csp_when_cached(client):
    client.get("/api/docs")
    again = client.get("/api/docs")
    assert "img-src 'self' data:" in again["Content-Security-Policy"]


def test_public_pages_carry_no_csrf_token_and_set_no_cookie(client, film):
    for url in ["/", "/films/", "/films/cached-film/", "/critics/", "/news/"]:
        response = client.get(url)
        assert "csrfmiddlewaretoken" not in response.content.decode()
        assert not response.cookies, url


def test_a_newly_published_review_appears_at_once_everywhere(client, film, committed):
    editor = factories.editor()
    review = factories.review(
        film=film,
        critic=factories.critic(name="Bea Late", slug="bea-late"),
        status=PublishingStatus.SUBMITTED,
    )
    marker = review.get_absolute_url()
    pages = pages_of(review)
    for url in pages.values():
        assert not shows(client, url, marker)

    with committed():
        workflow.publish(item=review, by=editor)

    assert {name for name, url in pages.items() if not shows(client, url, marker)} == set()


def test_a_film_title_edit_shows_at_once(client, film, committed):
    assert shows(client, "/films/cached-film/", "The Cached Film")
    with committed():
        film.title = "The Renamed Film"
        film.save()
    for url in ["/films/cached-film/", "/films/", "/critics/ada-early/", "/api/films/"]:
        assert shows(client, url, "The Renamed Film"), url


def test_a_withdrawn_review_disappears_at_once(client, film, committed):
    review = film.reviews.get()
    marker = review.get_absolute_url()
    pages = pages_of(review)
    assert all(shows(client, url, marker) for url in pages.values())

    with committed():
        workflow.withdraw(item=review, by=factories.editor())

    assert {name for name, url in pages.items() if shows(client, url, marker)} == set()
    assert client.get(marker).status_code == 404


def test_a_scheduled_review_appears_when_its_time_comes(client, film):
    going_live = timezone.now() + timedelta(seconds=2)
    review = factories.review(
        film=film, critic=factories.critic(name="Cy Scheduled"), publish_at=going_live
    )
    marker = review.get_absolute_url()
    assert not shows(client, "/films/cached-film/", marker)
    assert not shows(client, "/reviews/feed/", marker)

    time.sleep(max(0.0, (going_live - timezone.now()).total_seconds()) + 0.1)

    # Nothing was saved when the time came: the cached pages simply stop being used.
    assert shows(client, "/films/cached-film/", marker)
    assert shows(client, "/reviews/feed/", marker)


def test_editors_always_get_fresh_uncached_pages_and_previews(editor_client, film):
    draft = factories.review(film=film, status=PublishingStatus.DRAFT, headline="Not yet out")
    preview = editor_client.get(draft.get_absolute_url())
    assert "Not yet out" in preview.content.decode()
    assert "no-store" in preview["Cache-Control"]
    assert "ETag" not in editor_client.get("/films/cached-film/")
    # What the editor saw was not stored for anyone else.
    assert Client().get(draft.get_absolute_url()).status_code == 404


def test_a_share_link_preview_is_never_served_to_others(client, film):
    draft = factories.review(film=film, status=PublishingStatus.DRAFT, headline="Shared early")
    assert "Shared early" in client.get(share_path(draft)).content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_the_content_version_lasts_until_the_next_scheduled_publication(film, settings):
    going_live = timezone.now() + timedelta(minutes=3)
    factories.article(publish_at=going_live)
    caching.current_version()
    _token, valid_until = caching.cache.get(caching.STATE_KEY)
    assert valid_until == pytest.approx(going_live.timestamp())


def rename_critic(film):
    critic = film.reviews.get().critic
    critic.name = "Ada Renamed"
    critic.save()
    return "Ada Renamed"


def credit_a_person(film):
    factories.credit(film=film, person=factories.person(name="Newly Credited"))
    return "Newly Credited"


def rename_a_credited_person(film):
    person = factories.credit(film=film).person
    Client().get(film.get_absolute_url())  # cache the page with the old name
    person.name = "Person Renamed"
    person.save()
    return "Person Renamed"


def move_review_to_a_publication(film):
    review = film.reviews.get()
    review.publication = factories.publication(name="The Daily Cache")
    review.save()
    return "The Daily Cache"


def tag_the_film(film):
    film.tags.add("Neo-noir")
    return "Neo-noir"


def write_the_editors_statement(film):
    consensus = film.consensus
    consensus.editor_statement = "Our editors love it."
    consensus.save()
    return "Our editors love it."


def accept_the_generated_statement_in_bulk(film):
    from critics.admin.consensus import accept_generated_statements
    from critics.models import FilmConsensus

    FilmConsensus.objects.filter(film=film).update(generated_statement="Critics agree: cached.")
    Client().get(film.get_absolute_url())  # the raw update above is not an edit of ours
    accept_generated_statements(FilmConsensus.objects.filter(film=film))
    return "Statement written by our editors."


@pytest.mark.parametrize(
    "change",
    [
        rename_critic,
        credit_a_person,
        rename_a_credited_person,
        move_review_to_a_publication,
        tag_the_film,
        write_the_editors_statement,
        accept_the_generated_statement_in_bulk,
    ],
)
def test_any_change_to_what_the_film_page_shows_appears_at_once(client, film, committed, change):
    client.get(film.get_absolute_url())
    with committed():
        text = change(film)
    assert shows(client, film.get_absolute_url(), text)
