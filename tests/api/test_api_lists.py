"""The API's lists: critics, reviews (with filters), publications, people and news, each
paginated with absolute links, and the detail answers for publications, people and news."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from critics.models import PublishingStatus
from films.models import Credit
from tests import factories

pytestmark = pytest.mark.django_db

SERVER = "http://testserver"

UNPUBLISHED = {
    "draft": {"status": PublishingStatus.DRAFT},
    "withdrawn": {
        "status": PublishingStatus.WITHDRAWN,
        "publish_at": timezone.now() - timedelta(days=1),
    },
    "scheduled": {
        "status": PublishingStatus.PUBLISHED,
        "publish_at": timezone.now() + timedelta(days=1),
    },
}


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def ids(page):
    return [item["id"] for item in page["items"]]


# Pagination


def test_pages_link_to_each_other_with_absolute_addresses(client, db):
    for _ in range(5):
        factories.publication()
    first = get_json(client, "/api/publications/?page_size=2")
    assert first["count"] == 5
    assert first["previous"] is None
    # Parameters by name, as the page cache keys pages: following links reuses them.
    assert first["next"] == f"{SERVER}/api/publications/?page=2&page_size=2"

    second = get_json(client, first["next"])
    assert second["previous"] == f"{SERVER}/api/publications/?page_size=2"
    assert second["next"] == f"{SERVER}/api/publications/?page=3&page_size=2"

    last = get_json(client, second["next"])
    assert len(last["items"]) == 1
    assert last["next"] is None
    assert last["previous"] == f"{SERVER}/api/publications/?page=2&page_size=2"
    names = [p["name"] for page in (first, second, last) for p in page["items"]]
    assert len(set(names)) == 5


def test_links_keep_the_filters(client, db):
    film = factories.film(slug="kept")
    for _ in range(3):
        factories.review(film=film)
    factories.review()
    page = get_json(client, "/api/reviews/?film=kept&page_size=2")
    assert page["count"] == 3
    assert page["next"] == f"{SERVER}/api/reviews/?film=kept&page=2&page_size=2"
    assert len(get_json(client, page["next"])["items"]) == 1


def test_a_page_beyond_the_last_is_empty_and_links_back_to_the_last(client, db):
    for _ in range(3):
        factories.publication()
    beyond = get_json(client, "/api/publications/?page_size=2&page=9")
    assert (beyond["items"], beyond["next"]) == ([], None)
    assert beyond["previous"] == f"{SERVER}/api/publications/?page=2&page_size=2"


def test_an_empty_list_has_no_links(client, db):
    assert get_json(client, "/api/news/") == {
        "count": 0,
        "next": None,
        "previous": None,
        "items": [],
    }


# Critics


def test_critics_list_names_outlets_and_counts_only_published_reviews(client, db):
    ada = factories.critic(name="Ada", slug="ada", is_top_critic=True)
    ada.publications.add(factories.publication(name="The Daily Reel"))
    factories.review(critic=ada)
    factories.review(critic=ada, status=PublishingStatus.DRAFT)
    factories.critic(name="Bea", slug="bea")
    factories.critic(name="Unsigned", slug="unsigned", is_unattributed=True)
    factories.critic(name="Gone", slug="gone", active=False)
    page = get_json(client, "/api/critics/")

    assert page["items"] == [
        {
            "name": "Ada",
            "slug": "ada",
            "url": f"{SERVER}/critics/ada/",
            "is_top_critic": True,
            "publications": ["The Daily Reel"],
            "review_count": 1,
        },
        {
            "name": "Bea",
            "slug": "bea",
            "url": f"{SERVER}/critics/bea/",
            "is_top_critic": False,
            "publications": [],
            "review_count": 0,
        },
    ]


def test_critic_detail_gives_its_page_address(client, db):
    factories.critic(slug="ada")
    assert get_json(client, "/api/critics/ada/")["url"] == f"{SERVER}/critics/ada/"


# Reviews


def test_reviews_list_every_published_review_newest_first_with_its_film(client, db):
    film = factories.film(title="Heat", slug="heat")
    older = factories.review(film=film, publish_at=timezone.now() - timedelta(days=3))
    newer = factories.review(film=film, publish_at=timezone.now() - timedelta(days=1))
    page = get_json(client, "/api/reviews/")
    assert ids(page) == [newer.pk, older.pk]
    first = page["items"][0]
    assert (first["film"], first["film_slug"]) == ("Heat", "heat")
    assert first["url"] == f"{SERVER}/reviews/{newer.pk}/"


def test_reviews_filter_by_film_critic_and_publication_slugs(client, db):
    film, critic, outlet = factories.film(), factories.critic(), factories.publication()
    by_film = factories.review(film=film)
    by_critic = factories.review(critic=critic)
    in_outlet = factories.review(publication=outlet)
    both = factories.review(film=film, critic=critic)

    assert set(ids(get_json(client, f"/api/reviews/?film={film.slug}"))) == {by_film.pk, both.pk}
    assert set(ids(get_json(client, f"/api/reviews/?critic={critic.slug}"))) == {
        by_critic.pk,
        both.pk,
    }
    assert ids(get_json(client, f"/api/reviews/?publication={outlet.slug}")) == [in_outlet.pk]
    assert ids(get_json(client, f"/api/reviews/?film={film.slug}&critic={critic.slug}")) == [
        both.pk
    ]
    assert get_json(client, "/api/reviews/?film=no-such-film")["count"] == 0


def test_reviews_filter_by_counted_verdict_and_top_critic_flag(client, db):
    loved = factories.review(rating="A", is_top_critic=True)
    panned = factories.review(rating="1/4")
    middling = factories.review(rating="2/5", is_top_critic=True)

    assert ids(get_json(client, "/api/reviews/?verdict=positive")) == [loved.pk]
    assert ids(get_json(client, "/api/reviews/?verdict=negative")) == [panned.pk]
    assert ids(get_json(client, "/api/reviews/?verdict=mixed")) == [middling.pk]
    assert set(ids(get_json(client, "/api/reviews/?top_critic=true"))) == {
        loved.pk,
        middling.pk,
    }
    assert ids(get_json(client, "/api/reviews/?top_critic=false")) == [panned.pk]
    for review in get_json(client, "/api/reviews/?verdict=positive&top_critic=true")["items"]:
        assert (review["verdict"], review["is_top_critic"]) == ("positive", True)


def test_reviews_filter_by_the_day_the_publication_gave_both_days_included(client, db):
    january = factories.review(published_on=date(2024, 1, 15))
    february = factories.review(published_on=date(2024, 2, 1))
    march = factories.review(published_on=date(2024, 3, 10))
    factories.review(published_on=None)

    after = get_json(client, "/api/reviews/?published_after=2024-02-01")
    assert set(ids(after)) == {february.pk, march.pk}
    before = get_json(client, "/api/reviews/?published_before=2024-02-01")
    assert set(ids(before)) == {january.pk, february.pk}
    between = get_json(
        client, "/api/reviews/?published_after=2024-01-16&published_before=2024-03-09"
    )
    assert ids(between) == [february.pk]
    assert between["items"][0]["published_date"] == "2024-02-01"


def test_reviews_filters_refuse_values_they_cannot_mean(client, db):
    for query, name in [
        ("verdict=fresh", "verdict"),
        ("top_critic=maybe", "top_critic"),
        ("published_after=yesterday", "published_after"),
        ("film=not%20a%20slug", "film"),
    ]:
        detail = get_json(client, f"/api/reviews/?{query}", status=422)["detail"]
        assert detail[0]["loc"] == ["query", name], query


@pytest.mark.parametrize("state", UNPUBLISHED.values(), ids=UNPUBLISHED.keys())
def test_unpublished_reviews_and_articles_are_never_listed(client, db, state):
    film, critic, outlet = factories.film(), factories.critic(), factories.publication()
    factories.review(film=film, critic=critic, publication=outlet, headline="Secret", **state)
    hidden = factories.article(title="Secret plans", slug="secret-plans", **state)
    hidden.related_films.add(film)

    for url in [
        "/api/reviews/",
        f"/api/reviews/?film={film.slug}&critic={critic.slug}&publication={outlet.slug}",
        "/api/news/",
        "/api/news/?kind=news",
    ]:
        assert get_json(client, url)["count"] == 0, url
    assert get_json(client, "/api/critics/")["items"][0]["review_count"] == 0
    assert get_json(client, "/api/publications/")["items"][0]["review_count"] == 0
    assert get_json(client, "/api/news/secret-plans/", status=404) == {
        "detail": "No article with the slug 'secret-plans'."
    }


# Publications


def test_publications_list_by_name_with_published_review_counts(client, db):
    reel = factories.publication(name="The Daily Reel", slug="reel", is_top_publication=True)
    factories.publication(name="Arts Weekly", slug="arts", website="https://arts.example")
    factories.review(publication=reel)
    factories.review(publication=reel)
    page = get_json(client, "/api/publications/")

    assert page["items"] == [
        {
            "name": "Arts Weekly",
            "slug": "arts",
            "url": f"{SERVER}/publications/arts/",
            "website": "https://arts.example",
            "is_top_publication": False,
            "review_count": 0,
        },
        {
            "name": "The Daily Reel",
            "slug": "reel",
            "url": f"{SERVER}/publications/reel/",
            "website": "",
            "is_top_publication": True,
            "review_count": 2,
        },
    ]


def test_publication_detail_names_its_critics_and_links_its_reviews(client, db):
    reel = factories.publication(name="The Daily Reel", slug="reel")
    for name in ("Zed", "Ada"):
        factories.critic(name=name, slug=name.lower()).publications.add(reel)
    factories.critic(name="Unsigned", slug="unsigned", is_unattributed=True).publications.add(reel)
    review = factories.review(publication=reel)
    detail = get_json(client, "/api/publications/reel/")

    assert detail["review_count"] == 1
    assert [critic["name"] for critic in detail["critics"]] == ["Ada", "Zed"]
    assert detail["critics"][0]["url"] == f"{SERVER}/critics/ada/"
    assert detail["reviews_url"] == f"{SERVER}/api/reviews/?publication=reel"
    assert ids(get_json(client, detail["reviews_url"])) == [review.pk]


# People


def test_people_list_by_name_with_their_pages(client, db):
    factories.person(name="Emma Stone", slug="emma-stone")
    factories.person(name="Damien Chazelle", slug="damien-chazelle")
    page = get_json(client, "/api/people/")
    assert page["items"] == [
        {
            "name": "Damien Chazelle",
            "slug": "damien-chazelle",
            "url": f"{SERVER}/films/people/damien-chazelle/",
        },
        {"name": "Emma Stone", "slug": "emma-stone", "url": f"{SERVER}/films/people/emma-stone/"},
    ]


def test_person_detail_lists_credits_newest_film_first(client, db):
    person = factories.person(name="Emma Stone", slug="emma-stone", bio="An actor.")
    older = factories.film(title="Easy A", slug="easy-a", release_year=2010)
    newer = factories.film(title="La La Land", slug="la-la-land", release_year=2016)
    factories.credit(person=person, film=older, role=Credit.Role.CAST, character_name="Olive")
    factories.credit(person=person, film=newer, role=Credit.Role.CAST, character_name="Mia")
    detail = get_json(client, "/api/people/emma-stone/")

    assert detail["bio"] == "An actor."
    assert detail["credits"] == [
        {
            "film": "La La Land",
            "film_slug": "la-la-land",
            "film_url": f"{SERVER}/films/la-la-land/",
            "release_year": 2016,
            "role": "cast",
            "character_name": "Mia",
            "job_title": "",
        },
        {
            "film": "Easy A",
            "film_slug": "easy-a",
            "film_url": f"{SERVER}/films/easy-a/",
            "release_year": 2010,
            "role": "cast",
            "character_name": "Olive",
            "job_title": "",
        },
    ]


# News


def test_news_list_newest_first_and_by_kind(client, db):
    author = factories.critic(name="Ada", slug="ada")
    news = factories.article(
        title="Festival line-up",
        slug="line-up",
        standfirst="Who is showing.",
        author=author,
        publish_at=timezone.now() - timedelta(days=2),
    )
    feature = factories.article(title="On musicals", slug="musicals", kind="feature")
    page = get_json(client, "/api/news/")

    assert [a["slug"] for a in page["items"]] == ["musicals", "line-up"]
    listed = page["items"][1]
    assert listed["url"] == f"{SERVER}/news/line-up/"
    assert (listed["kind"], listed["standfirst"]) == ("news", "Who is showing.")
    assert (listed["author"], listed["author_slug"]) == ("Ada", "ada")
    assert listed["published_at"].startswith(news.publish_at.date().isoformat())
    assert [a["slug"] for a in get_json(client, "/api/news/?kind=feature")["items"]] == [
        feature.slug
    ]
    assert get_json(client, "/api/news/?kind=gossip", status=422)["detail"][0]["loc"] == [
        "query",
        "kind",
    ]


def test_article_detail_has_its_text_tags_and_films(client, db):
    article = factories.article(title="On musicals", slug="musicals", body="One.\n\nTwo.")
    article.tags.add("musical")
    article.related_films.add(factories.film(title="La La Land", slug="la-la-land"))
    detail = get_json(client, "/api/news/musicals/")

    assert detail["body"] == "One.\n\nTwo."
    assert detail["tags"] == ["musical"]
    assert [film["slug"] for film in detail["related_films"]] == ["la-la-land"]
    assert detail["related_films"][0]["url"] == f"{SERVER}/films/la-la-land/"
    assert (detail["author"], detail["author_slug"]) == (None, None)
