"""Hostile text stays inert text in every output: HTML pages, the JSON-LD data block,
RSS and Atom feeds, the JSON API. The same corpus runs in a real browser in
tests/browser/test_xss_corpus.py; here each output is parsed as its consumers would."""

import json
import re
from xml.etree import ElementTree

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.html import escape

from critics.models import Article, Critic, Publication, Review
from tests.hostile_payloads import PAYLOADS, SCRIPT_URLS, URL_PAYLOADS, build_hostile_site, xml_text

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def strings_in(data) -> list[str]:
    if isinstance(data, dict):
        return [text for value in data.values() for text in strings_in(value)]
    if isinstance(data, list):
        return [text for value in data for text in strings_in(value)]
    return [data] if isinstance(data, str) else []


def assert_pages_escape(client, site, payload):
    for url in [*site.urls, "/", "/films/", "/critics/", "/news/"]:
        html = client.get(url).content.decode()
        assert escape(payload) in html, url
        if "<" in payload or '"' in payload:
            assert payload not in html, url
        scripts = re.findall(r"<script[^>]*>", html)
        assert set(scripts) <= {'<script type="application/ld+json">'}, url
    search = client.get("/search/", {"q": payload}).content.decode()
    assert f'value="{escape(payload.strip())}"' in search
    # PostgreSQL's text search parser stops at a control character, so such a title
    # cannot be found by its own text there.
    if payload == xml_text(payload) or connection.vendor != "postgresql":
        assert escape(payload) in search.split("</form>", 1)[1], "search shows no result"


def assert_json_ld_holds_the_literal_text(client, site, payload):
    for url in (site.film.get_absolute_url(), site.review.get_absolute_url()):
        blocks = JSON_LD.findall(client.get(url).content.decode())
        assert len(blocks) == 1, url
        data = json.loads(blocks[0])
        assert data["name"] == payload or data["itemReviewed"]["name"] == payload, url
        assert payload in strings_in(data), url


def assert_feeds_are_well_formed(client, site, payload):
    feeds = [
        "/reviews/feed/",
        f"/films/{site.film.slug}/feed/",
        f"/critics/{site.critic.slug}/feed/",
    ]
    for url in [*feeds, "/news/feed/"]:
        for address in (url, url + "atom/"):
            document = ElementTree.fromstring(client.get(address).content)
            titles = [
                node.text for node in document.iter() if node.tag in ("title", f"{ATOM}title")
            ]
            # A review's title holds the film, critic, outlet and headline: each as typed.
            assert any(xml_text(payload) in (title or "") for title in titles), address


def assert_api_returns_plain_strings(client, site, payload):
    film = client.get(f"/api/films/{site.film.slug}/").json()
    assert film["title"] == film["synopsis"] == payload
    assert payload[:100] in film["tags"]
    assert payload in {credit["character_name"] for credit in film["credits"]}
    reviews = client.get(f"/api/films/{site.film.slug}/reviews/").json()["items"]
    assert {review["headline"] for review in reviews} == {payload}
    assert reviews[0]["critic"] == reviews[0]["publication"] == payload
    edited = client.get(f"/api/films/{site.edited_film.slug}/consensus/").json()
    assert edited["statement"] == payload
    critic = client.get(f"/api/critics/{site.critic.slug}/").json()
    assert critic["name"] == critic["bio"] == payload


@pytest.mark.parametrize(
    "payload", PAYLOADS, ids=[f"{i}:{p[:20]!r}" for i, p in enumerate(PAYLOADS)]
)
def test_hostile_text_stays_inert_in_pages_json_ld_feeds_and_api(client, media, payload):
    site = build_hostile_site(0, payload)
    assert_pages_escape(client, site, payload)
    assert_json_ld_holds_the_literal_text(client, site, payload)
    assert_feeds_are_well_formed(client, site, payload)
    assert_api_returns_plain_strings(client, site, payload)


@pytest.mark.parametrize("url", SCRIPT_URLS)
@pytest.mark.parametrize(
    ("model", "field"),
    [
        (Review, "original_url"),
        (Article, "original_url"),
        (Critic, "website"),
        (Publication, "website"),
    ],
)
def test_url_fields_refuse_script_urls(model, field, url):
    with pytest.raises(ValidationError):
        model._meta.get_field(field).clean(url, None)


@pytest.mark.parametrize("url", URL_PAYLOADS)
def test_a_valid_url_cannot_leave_its_href(client, media, url):
    site = build_hostile_site(0, "Plain", url=url)
    for page in (site.review.get_absolute_url(), site.critic.get_absolute_url()):
        html = client.get(page).content.decode()
        assert f'href="{escape(url)}"' in html
        assert url not in html


@pytest.mark.parametrize("name", ["★★★", "日本映画", "<>"])
def test_a_tag_without_ascii_letters_still_has_its_page_and_links(client, name):
    from tests import factories

    film = factories.film(title="Tagged")
    film.tags.add(name)
    html = client.get(film.get_absolute_url()).content.decode()
    link = re.search(r'<a class="tag" href="([^"]*)">', html).group(1)
    assert escape(name) in client.get(link).content.decode()
    assert client.get("/sitemap.xml").status_code == 200


@pytest.mark.parametrize(
    "payload", PAYLOADS, ids=[f"{i}:{p[:20]!r}" for i, p in enumerate(PAYLOADS)]
)
def test_query_strings_are_never_reflected_unescaped(client, seed_data, payload):
    # Not "page": a page number that is not a number is a 404 with no query shown.
    parameters = dict.fromkeys(["q", "tag", "sort", "year", "ordering"], payload)
    for url in ("/", "/films/", "/search/", "/news/", "/critics/", "/films/la-la-land/"):
        response = client.get(url, parameters)
        assert response.status_code == 200, url
        html = response.content.decode()
        if "<" in payload or '"' in payload:
            assert payload not in html, url
        assert set(re.findall(r"<script[^>]*>", html)) <= {'<script type="application/ld+json">'}
