"""RSS and Atom feeds: latest reviews, per critic, per film, news; published items only."""

import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from critics.models import PublishingStatus
from tests import factories

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def rss_titles(response):
    assert response["Content-Type"].startswith("application/rss+xml")
    return [item.findtext("title") for item in ET.fromstring(response.content).iter("item")]


def atom_titles(response):
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]


def test_latest_reviews_feed_in_rss_and_atom(client, seed_data):
    factories.review(headline="Unpublished", status=PublishingStatus.DRAFT)
    rss = rss_titles(client.get("/reviews/feed/"))
    atom = atom_titles(client.get("/reviews/feed/atom/"))
    assert "La La Land (2016) — James Porter" in rss
    assert sorted(rss) == sorted(atom) and len(rss) == 4
    assert "Unpublished" not in rss


def test_feed_items_link_to_the_review_and_carry_the_quote(client, seed_data):
    root = ET.fromstring(client.get("/reviews/feed/").content)
    item = next(root.iter("item"))
    assert "/reviews/" in item.findtext("link")
    assert item.findtext("description")


def test_per_critic_and_per_film_feeds(client, db):
    critic = factories.critic(name="Ann Lee")
    film = factories.film(title="Heat")
    factories.review(critic=critic, film=film, headline="Ann on Heat")
    factories.review(film=film, headline="Someone else on Heat")
    ann = f"{film} — Ann Lee: Ann on Heat"
    assert rss_titles(client.get(f"/critics/{critic.slug}/feed/")) == [ann]
    assert atom_titles(client.get(f"/critics/{critic.slug}/feed/atom/")) == [ann]
    film_titles = rss_titles(client.get(f"/films/{film.slug}/feed/"))
    assert sorted(title.rsplit(": ", 1)[1] for title in film_titles) == [
        "Ann on Heat",
        "Someone else on Heat",
    ]
    assert len(atom_titles(client.get(f"/films/{film.slug}/feed/atom/"))) == 2
    assert client.get("/critics/nobody/feed/").status_code == 404


def test_news_feed(client, seed_data):
    factories.article(title="Draft news", status=PublishingStatus.DRAFT)
    titles = rss_titles(client.get("/news/feed/"))
    assert len(titles) == 1 and "Featurette" in titles[0]
    assert len(atom_titles(client.get("/news/feed/atom/"))) == 1


def test_pages_advertise_their_feeds(client, seed_data):
    page = client.get("/films/la-la-land/").content.decode()
    assert 'type="application/rss+xml" title="Reviews of La La Land (2016) (RSS)"' in page
    assert 'href="/films/la-la-land/feed/atom/"' in page


# The probe's payload: closes an attribute, then opens an element with a script.
MARKUP = 'X"><img src=x onerror=alert(1)>'


class ReadAsHtml(HTMLParser):
    """What a feed reader makes of a description: the elements it would build, the text."""

    def __init__(self, fragment):
        super().__init__(convert_charrefs=True)
        self.elements, self.text = [], ""
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append(tag)

    def handle_data(self, data):
        self.text += data


def test_text_that_looks_like_markup_reaches_feed_readers_as_text(client, db):
    critic = factories.critic(name=MARKUP)
    film = factories.film(title="Heat")
    factories.review(critic=critic, film=film, headline=MARKUP, pull_quote=MARKUP)
    factories.article(title=MARKUP, standfirst=MARKUP)
    feeds = ["/reviews/feed/", f"/critics/{critic.slug}/feed/", f"/films/{film.slug}/feed/"]
    for url in [*feeds, "/news/feed/"]:
        rss = ET.fromstring(client.get(url).content)
        atom = ET.fromstring(client.get(url + "atom/").content)
        summaries = list(atom.iter(f"{ATOM}summary"))
        assert {summary.get("type") for summary in summaries} == {"html"}, url
        descriptions = [item.find("description") for item in rss.iter("item")]
        for description in [*descriptions, *summaries]:
            as_html = ReadAsHtml(description.text)
            assert as_html.elements == [], url
            assert as_html.text == MARKUP, url
        # Titles and names are plain text in both formats: shown as typed, not escaped twice.
        review_title = f"{film} — {MARKUP}: {MARKUP}"  # film — critic: headline
        assert [item.findtext("title") for item in rss.iter("item")] == [
            MARKUP if url == "/news/feed/" else review_title
        ], url
        assert [
            entry.find(f"{ATOM}title").get("type", "text") for entry in atom.iter(f"{ATOM}entry")
        ] == ["text"], url
    (creator,) = ET.fromstring(client.get(feeds[1]).content).iter(
        "{http://purl.org/dc/elements/1.1/}creator"
    )
    assert creator.text == MARKUP
