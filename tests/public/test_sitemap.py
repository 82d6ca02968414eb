"""/sitemap.xml is an index of paginated section sitemaps listing public content only;
robots.txt points to it."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.html import escape
from taggit.models import Tag

from critics.models import PublishingStatus
from public import sitemaps
from public.sitemaps import SITEMAPS
from tests import factories

pytestmark = pytest.mark.django_db
NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SECTIONS_FROM_THE_DATABASE = [section for section in SITEMAPS if section != "pages"]


def xml_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/xml"
    return ET.fromstring(response.content)


def index_entries(client) -> list[str]:
    root = xml_of(client, "/sitemap.xml")
    assert root.tag == f"{NS}sitemapindex"
    return [loc.text for loc in root.iter(f"{NS}loc")]


def locations(client, url) -> list[str]:
    root = xml_of(client, url)
    assert root.tag == f"{NS}urlset"
    return [loc.text for loc in root.iter(f"{NS}loc")]


def every_location(client) -> list[str]:
    """What a crawler finds: every URL of every sitemap the index names."""
    return [url for sitemap in index_entries(client) for url in locations(client, sitemap)]


def full(path):
    return f"http://testserver{path}"


@pytest.fixture
def two_a_page(monkeypatch):
    monkeypatch.setattr(sitemaps.ContentSitemap, "limit", 2)


def test_sitemap_index_names_every_section(client, seed_data):
    assert index_entries(client) == [full(f"/sitemap-{section}.xml") for section in SITEMAPS]


def test_sitemaps_list_public_pages(client, seed_data):
    urls = every_location(client)
    for path in (
        "/",
        "/films/",
        "/critics/",
        "/news/",
        "/films/la-la-land/",
        "/critics/james-porter/",
        "/news/la-la-land-featurette-behind-the-scenes/",
        "/films/people/emma-stone/",
        "/tags/musical/",
    ):
        assert full(path) in urls, path
    assert sum("/reviews/" in url for url in urls) == 4
    assert len(urls) == len(set(urls))


def test_sections_list_published_reviews_and_articles_only(client, db):
    later = timezone.now() + timedelta(days=3)
    published = factories.review()
    hidden_reviews = [
        factories.review(status=PublishingStatus.DRAFT),
        factories.review(status=PublishingStatus.SUBMITTED),
        factories.review(status=PublishingStatus.WITHDRAWN),
        factories.review(publish_at=later),
    ]
    article = factories.article()
    hidden_articles = [
        factories.article(status=PublishingStatus.SUBMITTED),
        factories.article(publish_at=later),
    ]

    assert locations(client, "/sitemap-reviews.xml") == [full(published.get_absolute_url())]
    assert locations(client, "/sitemap-news.xml") == [full(article.get_absolute_url())]
    urls = every_location(client)
    for hidden in hidden_reviews + hidden_articles:
        assert full(hidden.get_absolute_url()) not in urls


def test_inactive_critics_are_left_out(client, db):
    active = factories.critic()
    retired = factories.critic(active=False)
    urls = locations(client, "/sitemap-critics.xml")
    assert full(active.get_absolute_url()) in urls
    assert full(retired.get_absolute_url()) not in urls


def test_each_entry_carries_the_date_it_last_changed(client, db):
    review = factories.review()
    root = xml_of(client, "/sitemap-reviews.xml")
    (entry,) = root.iter(f"{NS}url")
    assert entry.find(f"{NS}lastmod").text == review.updated_at.date().isoformat()
    assert entry.find(f"{NS}changefreq").text == "monthly"


def test_long_sections_are_split_into_pages_the_index_lists(client, db, two_a_page):
    films = [factories.film() for _ in range(5)]

    assert [url for url in index_entries(client) if "films" in url] == [
        full("/sitemap-films.xml"),
        full("/sitemap-films.xml?p=2"),
        full("/sitemap-films.xml?p=3"),
    ]
    pages = [locations(client, f"/sitemap-films.xml?p={n}") for n in (1, 2, 3)]
    assert [len(page) for page in pages] == [2, 2, 1]
    assert [url for page in pages for url in page] == [
        full(film.get_absolute_url()) for film in films
    ]


def test_review_pages_run_oldest_first_so_new_reviews_land_on_the_last_page(client, db, two_a_page):
    now = timezone.now()
    reviews = [factories.review(publish_at=now - timedelta(days=days)) for days in (1, 9, 5)]
    oldest_first = [reviews[1], reviews[2], reviews[0]]
    urls = [url for n in (1, 2) for url in locations(client, f"/sitemap-reviews.xml?p={n}")]
    assert urls == [full(review.get_absolute_url()) for review in oldest_first]


@pytest.mark.parametrize("page", ["4", "999", "0", "-1", "two", "99999999999999999999"])
def test_pages_past_the_end_or_not_numbers_are_not_found(client, db, two_a_page, page):
    for _ in range(5):
        factories.film()
    assert client.get(f"/sitemap-films.xml?p={page}").status_code == 404


def test_an_unknown_section_is_not_found(client, db):
    assert client.get("/sitemap-secrets.xml").status_code == 404


def test_an_empty_section_is_an_empty_first_page(client, db):
    assert locations(client, "/sitemap-news.xml") == []
    assert client.get("/sitemap-news.xml?p=2").status_code == 404


def test_only_tags_on_public_content_are_listed(client, db):
    factories.film().tags.add("on-a-film")
    factories.review().tags.add("on-a-review")
    factories.article().tags.add("on-an-article")
    factories.review(status=PublishingStatus.DRAFT).tags.add("on-a-draft")
    factories.review(publish_at=timezone.now() + timedelta(days=1)).tags.add("on-a-scheduled")
    factories.article(status=PublishingStatus.SUBMITTED).tags.add("on-a-submitted-article")
    withdrawn = factories.review()
    withdrawn.tags.add("withdrawn-since")
    withdrawn.status = PublishingStatus.WITHDRAWN
    withdrawn.save()
    Tag.objects.create(name="on-nothing", slug="on-nothing")

    assert locations(client, "/sitemap-tags.xml") == [
        full(f"/tags/{slug}/") for slug in ("on-a-film", "on-a-review", "on-an-article")
    ]


@pytest.mark.parametrize("name", ["★★★", "日本映画", "<>"])
def test_a_tag_without_ascii_letters_is_listed_at_its_working_page(client, db, name):
    factories.film().tags.add(name)
    (url,) = locations(client, "/sitemap-tags.xml")
    page = client.get(url)
    assert page.status_code == 200
    assert f"Tagged “{escape(name)}”" in page.content.decode()


def build_site(size: int) -> None:
    """`size` of everything, tagged, with as many drafts again."""
    publication = factories.publication()
    for _ in range(size):
        film = factories.film()
        film.tags.add(f"genre-{film.pk}")
        factories.credit(film=film)
        critic = factories.critic()
        factories.review(film=film, critic=critic, publication=publication).tags.add("shared")
        factories.review(film=film, status=PublishingStatus.DRAFT).tags.add(f"draft-{film.pk}")
        factories.article(author=critic).tags.add("shared")
        factories.publication()


@pytest.fixture
def rendered_every_time(settings):
    # The page cache would answer repeats with no queries; these count the views' own.
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "PageCache" not in m]


@pytest.mark.parametrize("size", [4, 9], ids=["small", "large"])
def test_sitemap_query_counts_do_not_grow_with_the_site(
    client, django_assert_num_queries, rendered_every_time, two_a_page, size
):
    build_site(size)
    # The index counts each database section once, to list its pages.
    with django_assert_num_queries(len(SECTIONS_FROM_THE_DATABASE)):
        entries = index_entries(client)
    assert full("/sitemap-reviews.xml?p=2") in entries
    for section in SECTIONS_FROM_THE_DATABASE:
        for page in (1, 2):
            with django_assert_num_queries(1):
                urls = locations(client, f"/sitemap-{section}.xml?p={page}")
            assert len(urls) == 2, (section, page)
    with django_assert_num_queries(0):
        # Home, films, critics, publications, news and tags.
        assert len(locations(client, "/sitemap-pages.xml")) == 6


def test_the_page_cache_keeps_each_sitemap_page_apart(
    client, db, two_a_page, django_assert_num_queries
):
    films = [factories.film() for _ in range(3)]
    first = client.get("/sitemap-films.xml")
    second = client.get("/sitemap-films.xml?p=2")
    with django_assert_num_queries(0):
        first_again = client.get("/sitemap-films.xml")
        second_again = client.get("/sitemap-films.xml?p=2")
    assert first_again.content == first.content
    assert second_again.content == second.content
    assert full(films[2].get_absolute_url()).encode() in second_again.content
    assert full(films[0].get_absolute_url()).encode() not in second_again.content


def test_robots_txt_allows_the_site_and_names_the_sitemap_index(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    assert "User-agent: *" in body and "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body
