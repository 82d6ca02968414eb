"""sitemap.xml lists every public page (published content only); robots.txt points to it."""

import xml.etree.ElementTree as ET

import pytest

from critics.models import PublishingStatus
from tests import factories

pytestmark = pytest.mark.django_db
NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def locations(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return {loc.text for loc in ET.fromstring(response.content).iter(f"{NS}loc")}


def test_sitemap_lists_public_pages(client, seed_data):
    urls = locations(client)
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
        assert f"http://testserver{path}" in urls, path
    assert sum("/reviews/" in url for url in urls) == 4


def test_sitemap_leaves_out_unpublished_reviews_and_articles(client, db):
    draft = factories.review(status=PublishingStatus.DRAFT)
    article = factories.article(status=PublishingStatus.SUBMITTED)
    urls = locations(client)
    assert f"http://testserver{draft.get_absolute_url()}" not in urls
    assert f"http://testserver{article.get_absolute_url()}" not in urls


def test_robots_txt_allows_the_site_and_names_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    assert "User-agent: *" in body and "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body
