"""Readers see only what the sources say: no invented dates, no internal placeholder words.

The seed reviews' sources give no publication date and three name no author. Every
reader-facing page, feed, JSON-LD block and API answer must say so plainly ("date not
given", "Unsigned review") rather than show the day the fixtures were made or the
placeholder critics' internal names.
"""

import datetime
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from critics.models import Article, Review
from tests import factories

pytestmark = pytest.mark.django_db

FORBIDDEN = ("placeholder", "source 00", "unattributed", "20 nov 2026", "2026-11-20", "nov 2026")


def seed_urls() -> list[str]:
    reviews = [review.get_absolute_url() for review in Review.objects.order_by("pk")]
    return [
        "/",
        "/films/",
        "/films/la-la-land/",
        "/films/la-la-land/reviews/",
        *reviews,
        "/critics/",
        "/critics/james-porter/",
        "/news/",
        Article.objects.get().get_absolute_url(),
        "/search/?q=La+La+Land",
        "/search/?q=unsigned",
        "/reviews/feed/",
        "/reviews/feed/atom/",
        "/films/la-la-land/feed/",
        "/films/la-la-land/feed/atom/",
        "/critics/james-porter/feed/",
        "/critics/james-porter/feed/atom/",
    ]


def test_no_seed_page_or_feed_shows_an_invented_date_or_a_placeholder_word(client, seed_data):
    for url in seed_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        # What readers and feed readers get: text, JSON-LD, links in feeds (not markup
        # such as a search box's placeholder attribute).
        text = re.sub(r"<[^>]*>", " ", response.content.decode()).casefold()
        for word in FORBIDDEN:
            assert word not in text, f"{word!r} on {url}"


def json_values(data):
    if isinstance(data, dict):
        for value in data.values():
            yield from json_values(value)
    elif isinstance(data, list):
        for value in data:
            yield from json_values(value)
    elif data is not None:
        yield str(data)


@pytest.mark.parametrize(
    "url",
    [
        "/api/films/la-la-land/",
        "/api/films/la-la-land/reviews/",
        "/api/films/la-la-land/consensus/",
        "/api/critics/james-porter/",
    ],
)
def test_no_api_answer_shows_an_invented_date_or_a_placeholder_word(client, seed_data, url):
    response = client.get(url)
    assert response.status_code == 200
    for value in json_values(response.json()):
        for word in FORBIDDEN:
            assert word not in value.casefold(), f"{word!r} in {value!r} from {url}"


def test_the_api_has_no_person_for_an_unsigned_source(client, seed_data):
    response = client.get("/api/critics/unsigned-writer-director/")
    assert response.status_code == 404
    assert response.json()["detail"] == "No critic with the slug 'unsigned-writer-director'."


def test_seed_reviews_say_their_date_is_not_given_and_unsigned_ones_say_so(client, seed_data):
    page = client.get("/films/la-la-land/").content.decode()
    assert page.count("date not given") == 4
    assert page.count("Unsigned review") >= 3
    porter = Review.objects.get(critic__slug="james-porter")
    review_page = client.get(porter.get_absolute_url()).content.decode()
    assert "date not given" in review_page
    assert "article:published_time" not in review_page
    items = client.get("/api/films/la-la-land/reviews/").json()["items"]
    assert {item["published_date"] for item in items} == {None}


def jsonld_blocks(html: str) -> list[dict]:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in found]


def test_json_ld_gives_a_review_s_date_only_when_its_source_does(client, seed_data):
    (film,) = jsonld_blocks(client.get("/films/la-la-land/").content.decode())
    assert all("datePublished" not in review for review in film["review"])
    dated = factories.review(published_on=datetime.date(2016, 12, 9), headline="Dated")
    (data,) = jsonld_blocks(client.get(dated.get_absolute_url()).content.decode())
    assert data["datePublished"] == "2016-12-09"


def test_feeds_give_no_date_for_a_review_whose_source_gives_none(client, seed_data):
    root = ET.fromstring(client.get("/reviews/feed/").content)
    assert [item.find("pubDate") for item in root.iter("item")] == [None] * 4
    today = timezone.localdate()
    factories.review(headline="Dated today", published_on=today, publish_at=timezone.now())
    root = ET.fromstring(client.get("/reviews/feed/").content)
    titles = {item.findtext("title"): item for item in root.iter("item")}
    dated = next(item for title, item in titles.items() if title.endswith(": Dated today"))
    assert dated.findtext("pubDate")


def test_a_list_in_go_live_order_never_prints_dates_out_of_order(client, db):
    now = timezone.now()
    # Went live yesterday, but appeared in its publication in 2016: listed first.
    old = factories.review(
        headline="Old review added late",
        published_on=datetime.date(2016, 12, 9),
        publish_at=now - datetime.timedelta(days=1),
    )
    factories.review(
        headline="Dated the day it went live",
        published_on=timezone.localdate(now - datetime.timedelta(days=2)),
        publish_at=now - datetime.timedelta(days=2),
    )
    factories.review(headline="Undated", publish_at=now - datetime.timedelta(days=3))
    home = client.get("/").content.decode()
    assert home.index("Old review added late") < home.index("Dated the day it went live")
    printed = re.findall(r'<time datetime="(\d{4}-\d{2}-\d{2})">', home)
    assert printed == sorted(printed, reverse=True) and "2016-12-09" not in printed
    assert "date not given" in home
    # The review's own page gives the date its source gives.
    assert "9 Dec 2016" in client.get(old.get_absolute_url()).content.decode()


def test_the_critics_list_lists_people_only(client, seed_data):
    page = client.get("/critics/").content.decode()
    assert "James Porter" in page
    assert page.count('class="critic-list-name"') == 1
    assert "Unsigned" not in page


def test_a_placeholder_s_page_and_feed_are_gone_or_lead_to_its_publication(client, db):
    paper = factories.publication(name="The Daily Screen")
    staff = factories.critic(name="The Daily Screen staff", is_unattributed=True)
    staff.publications.add(paper)
    factories.review(critic=staff, publication=paper, is_unsigned=True, headline="Staff take")
    response = client.get(staff.get_absolute_url())
    assert response.status_code == 302 and response["Location"] == paper.get_absolute_url()
    assert client.get(f"{staff.get_absolute_url()}feed/").status_code == 404
    lonely = factories.critic(name="Nobody's", is_unattributed=True)
    assert client.get(lonely.get_absolute_url()).status_code == 404
    publication_page = client.get(paper.get_absolute_url()).content.decode()
    assert "Staff take" in publication_page
    assert "The Daily Screen staff" not in publication_page
    assert "Unsigned review, <a" in publication_page
    assert staff.get_absolute_url() not in client.get("/sitemap-critics.xml").content.decode()
