"""/tags/ and /publications/: every tag in public use and every publication, with counts
of published work only, paginated, linked from every page and listed in the sitemap."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from critics.models import PublishingStatus
from public.views import PublicationListView, TagListView
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _render_every_page(settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "PageCache" not in m]


def rows(response) -> dict[str, list[str]]:
    """Each table row's name (its row header) and its counts, as a reader reads them."""
    html = response.content.decode()
    found = {}
    for row in re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", html, re.S):
        name = re.search(r"<a [^>]*>(.*?)</a>", row).group(1)
        found[name] = re.findall(r'<td class="number">(\d+)</td>', row)
    return found


def unseen_review(**fields):
    later = timezone.now() + timedelta(days=1)
    return [
        factories.review(status=PublishingStatus.DRAFT, **fields),
        factories.review(publish_at=later, **fields),
        factories.review(status=PublishingStatus.WITHDRAWN, **fields),
    ]


def test_tags_index_counts_films_and_published_work_only(client):
    film = factories.film(title="Heat")
    film.tags.add("crime")
    factories.review(film=film).tags.add("crime", "heist")
    for review in unseen_review():
        review.tags.add("crime", "secret-project")
    factories.article().tags.add("crime")
    factories.article(status=PublishingStatus.DRAFT).tags.add("crime", "secret-article")
    listing = rows(client.get("/tags/"))
    # Films, reviews, news.
    assert listing == {"crime": ["1", "1", "1"], "heist": ["0", "1", "0"]}
    assert 'href="/tags/crime/"' in client.get("/tags/").content.decode()


def test_publications_index_counts_published_reviews_only(client):
    paper = factories.publication(name="The Daily Reel")
    quiet = factories.publication(name="Quiet Quarterly")
    factories.review(publication=paper)
    factories.review(publication=paper)
    unseen_review(publication=paper)
    unseen_review(publication=quiet)
    page = client.get("/publications/")
    assert rows(page) == {"Quiet Quarterly": ["0"], "The Daily Reel": ["2"]}
    assert f'href="{paper.get_absolute_url()}"' in page.content.decode()


def test_index_pages_are_paginated(client, monkeypatch):
    monkeypatch.setattr(TagListView, "paginate_by", 2)
    monkeypatch.setattr(PublicationListView, "paginate_by", 2)
    factories.film().tags.add("a-tag", "b-tag", "c-tag")
    for name in ("Alpha", "Beta", "Gamma"):
        factories.publication(name=name)
    assert list(rows(client.get("/tags/?page=2"))) == ["c-tag"]
    assert list(rows(client.get("/publications/?page=2"))) == ["Gamma"]
    assert "Page 1 of 2" in client.get("/tags/").content.decode()


def test_every_page_links_to_both_indexes(client):
    footer = client.get("/films/").content.decode().split('<footer class="site-footer">')[1]
    assert 'href="/tags/"' in footer and 'href="/publications/"' in footer


def test_both_indexes_are_in_the_sitemap(client):
    pages = client.get("/sitemap-pages.xml").content.decode()
    assert "http://testserver/tags/</loc>" in pages
    assert "http://testserver/publications/</loc>" in pages


def build(size: int) -> None:
    """`size` publications, films and tags, each tag on films, reviews and articles."""
    tags = [f"tag{n}" for n in range(size)]
    for n in range(size):
        publication = factories.publication(name=f"Publication {n}")
        film = factories.film(title=f"Film {n}")
        film.tags.add(*tags)
        for _ in range(size):
            factories.review(film=film, publication=publication).tags.add(*tags)
        factories.article().tags.add(*tags)


# The request's one query for consensus due a rebuild (critics/middleware.py), the
# count for the paginator, the page.
QUERIES = {"/tags/": 3, "/publications/": 3}


@pytest.mark.parametrize("size", [2, 7], ids=["small", "large"])
@pytest.mark.parametrize("url", QUERIES)
def test_index_query_counts_do_not_grow_with_the_site(client, django_assert_num_queries, size, url):
    build(size)
    cache.clear()
    with django_assert_num_queries(QUERIES[url]):
        response = client.get(url)
    assert len(rows(response)) == size
