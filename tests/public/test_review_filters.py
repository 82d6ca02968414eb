"""A reader narrows a film's reviews (all, top critics, positive, mixed, negative) and
sorts them (newest, highest or lowest score), on the film page and its reviews list,
with plain links whose addresses the page cache keeps."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from critics.models import PublishingStatus, Review
from critics.services.consensus import recompute_film_consensus
from public.views import FilmReviewsView
from tests import factories

pytestmark = pytest.mark.django_db

FILM = "/films/split-decision/"
REVIEWS = FILM + "reviews/"
# A card's first link to a review is the review it shows, whatever else the card says.
CARD = re.compile(r'<li class="review-card">.*?href="/reviews/(\d+)/"', re.DOTALL)
CURRENT = re.compile(r'<a href="([^"]*)" aria-current="page">([^<]+)(?:<span[^>]*>(\d+))?')

# headline: (rating, editor's verdict, top critic), oldest first, a day apart.
PUBLISHED = {
    "Rave": ("4/4", None, True),  # score 100, positive
    "Warm": ("3/4", None, False),  # 75, positive
    "Torn": ("2/4", None, True),  # 50, mixed
    "Sour": ("1/4", None, False),  # 25, negative
    "Panned": ("", "negative", False),  # no score, negative by the editor's reading
    "Shrug": ("", None, False),  # no score, no verdict: in "all" only
}
NEWEST_FIRST = ["Shrug", "Panned", "Sour", "Torn", "Warm", "Rave"]


@pytest.fixture
def film():
    film = factories.film(title="Split Decision", slug="split-decision")
    start = timezone.now() - timedelta(days=10)
    for day, (headline, (rating, verdict, top)) in enumerate(PUBLISHED.items()):
        factories.review(
            film=film,
            headline=headline,
            rating=rating,
            verdict=verdict,
            is_top_critic=top,
            publish_at=start + timedelta(days=day),
        )
    # Neither a draft nor a review scheduled for tomorrow is counted or listed.
    factories.review(film=film, headline="Draft", rating="0/4", is_top_critic=True, status="draft")
    factories.review(
        film=film,
        headline="Tomorrow",
        rating="0/4",
        publish_at=timezone.now() + timedelta(days=1),
        status=PublishingStatus.PUBLISHED,
    )
    recompute_film_consensus(film.pk)
    return film


def headlines(response) -> list[str]:
    """The headlines of the reviews listed, in order."""
    assert response.status_code == 200
    ids = [int(pk) for pk in CARD.findall(response.content.decode())]
    by_id = Review.objects.in_bulk(ids)
    return [by_id[pk].headline for pk in ids]


def current_links(response) -> list[tuple[str, str, str]]:
    """(address, label, count) of each link marked as the current choice."""
    return [
        (url, label.strip(), count)
        for url, label, count in CURRENT.findall(response.content.decode())
    ]


@pytest.mark.parametrize("url", [FILM, REVIEWS])
@pytest.mark.parametrize(
    ("show", "expected"),
    [
        ("top", ["Torn", "Rave"]),
        ("positive", ["Warm", "Rave"]),
        ("mixed", ["Torn"]),
        ("negative", ["Panned", "Sour"]),
    ],
)
def test_each_filter_shows_only_its_reviews(client, film, url, show, expected):
    assert headlines(client.get(url, {"show": show})) == expected


@pytest.mark.parametrize("url", [FILM, REVIEWS])
def test_all_shows_every_published_review_and_no_draft(client, film, url):
    assert headlines(client.get(url)) == NEWEST_FIRST
    assert headlines(client.get(url, {"show": "all"})) == NEWEST_FIRST


@pytest.mark.parametrize("url", [FILM, REVIEWS])
def test_filter_links_count_published_reviews_only(client, film, url):
    page = client.get(url).content.decode()
    counts = dict(re.findall(r'>([A-Z][a-z ]+) <span class="choice-count">(\d+)</span>', page))
    assert counts == {
        "All": "6",
        "Top critics": "2",
        "Positive": "2",
        "Mixed": "1",
        "Negative": "2",
    }


def test_the_current_filter_and_sort_are_marked_and_links_keep_the_other(client, film):
    response = client.get(FILM, {"show": "negative", "sort": "highest"})
    assert current_links(response) == [
        (f"{FILM}?show=negative&amp;sort=highest", "Negative", "2"),
        (f"{FILM}?show=negative&amp;sort=highest", "Highest score", ""),
    ]
    page = response.content.decode()
    # Another filter keeps the sort; another sort keeps the filter; defaults leave the URL.
    assert f'href="{FILM}?show=top&amp;sort=highest">Top critics' in page
    assert f'href="{FILM}?sort=highest">All' in page
    assert f'href="{FILM}?show=negative">Newest' in page


def test_the_plain_film_page_marks_all_and_newest(client, film):
    assert current_links(client.get(FILM)) == [
        (FILM, "All", "6"),
        (FILM, "Newest", ""),
    ]


@pytest.mark.parametrize("url", [FILM, REVIEWS])
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Unscored reviews come last in both directions, newest first among themselves.
        ({"sort": "highest"}, ["Rave", "Warm", "Torn", "Sour", "Shrug", "Panned"]),
        ({"sort": "lowest"}, ["Sour", "Torn", "Warm", "Rave", "Shrug", "Panned"]),
        ({"sort": "newest"}, NEWEST_FIRST),
        ({"show": "negative", "sort": "highest"}, ["Sour", "Panned"]),
        ({"show": "top", "sort": "lowest"}, ["Torn", "Rave"]),
    ],
)
def test_sorts_order_by_score_with_unscored_last(client, film, url, query, expected):
    assert headlines(client.get(url, query)) == expected


def test_sorting_breaks_ties_by_newest(client, film):
    factories.review(film=film, headline="Also Rave", rating="4/4")
    order = headlines(client.get(FILM, {"sort": "highest"}))
    assert order[:2] == ["Also Rave", "Rave"]


@pytest.mark.parametrize("url", [FILM, REVIEWS])
@pytest.mark.parametrize(
    "query",
    [
        "show=bogus&sort=sideways",
        "show=&sort=",
        "show=NEGATIVE&sort=Highest",
        "show[]=negative",
        "show=negative%20&sort=" + "x" * 5000,
    ],
)
@pytest.mark.parametrize("cached", [True, False], ids=["page-cache", "view"])
def test_unknown_choices_fall_back_to_all_newest(client, settings, film, url, query, cached):
    # With the page cache off, the view itself must fall back (as for signed-in staff).
    if not cached:
        settings.PAGE_CACHE_SECONDS = 0
    response = client.get(f"{url}?{query}")
    assert headlines(response) == NEWEST_FIRST
    assert [label for _, label, _ in current_links(response)] == ["All", "Newest"]


def test_an_empty_filter_says_so(client, film):
    film.reviews.filter(counted_verdict="mixed").update(status=PublishingStatus.WITHDRAWN)
    page = client.get(FILM, {"show": "mixed"}).content.decode()
    assert "No mixed reviews." in page
    assert 'Mixed <span class="choice-count">0</span>' in page


def test_two_filters_are_two_cached_pages(film, django_assert_num_queries):
    negative = Client().get(FILM, {"show": "negative"})
    positive = Client().get(FILM, {"show": "positive"})
    with django_assert_num_queries(0):
        negative_again = Client().get(FILM, {"show": "negative"})
        positive_again = Client().get(FILM, {"show": "positive"})
    assert negative_again.content == negative.content
    assert positive_again.content == positive.content
    assert headlines(negative_again) == ["Panned", "Sour"]
    assert headlines(positive_again) == ["Warm", "Rave"]


@pytest.mark.parametrize(
    ("first", "same_page"),
    [
        # An undeclared parameter is still cut off.
        ("?show=negative&sort=lowest", "?sort=lowest&utm_source=x&show=negative"),
        # The defaults and unknown values are the plain page: one entry, not one per value.
        ("", "?show=all&sort=newest"),
        ("", "?show=made-up"),
        ("?show=top", "?show=top&sort=made-up"),
    ],
)
def test_the_page_cache_keeps_one_entry_per_choice(
    film, django_assert_num_queries, first, same_page
):
    stored = Client().get(FILM + first)
    with django_assert_num_queries(0):
        hit = Client().get(FILM + same_page)
    assert hit.content == stored.content


def test_the_reviews_list_caches_each_filter_and_page(film, django_assert_num_queries, monkeypatch):
    monkeypatch.setattr(FilmReviewsView, "paginate_by", 1)
    pages = {
        query: Client().get(REVIEWS + query)
        for query in ("?show=negative", "?page=2&show=negative", "?page=2&show=positive")
    }
    with django_assert_num_queries(0):
        for query, stored in pages.items():
            assert Client().get(REVIEWS + query).content == stored.content
    assert [headlines(page) for page in pages.values()] == [["Panned"], ["Sour"], ["Rave"]]


@pytest.mark.parametrize(
    ("query", "pages"),
    [
        ({"show": "negative"}, [["Panned"], ["Sour"]]),
        ({"show": "negative", "sort": "highest"}, [["Sour"], ["Panned"]]),
        ({"show": "top", "sort": "lowest"}, [["Torn"], ["Rave"]]),
    ],
)
def test_pagination_keeps_the_filter_and_sort(client, film, monkeypatch, query, pages):
    monkeypatch.setattr(FilmReviewsView, "paginate_by", 1)
    first = client.get(REVIEWS, query)
    html = first.content.decode()
    assert "Page 1 of 2" in html
    next_link = re.search(r'<a rel="next" href="([^"]+)"', html)[1].replace("&amp;", "&")
    second = client.get(REVIEWS + next_link)
    assert "Page 2 of 2" in second.content.decode()
    assert [headlines(first), headlines(second)] == pages
    assert client.get(REVIEWS, {**query, "page": 3}).status_code == 404


def test_the_film_page_links_to_the_rest_of_the_same_choice(client, film, monkeypatch):
    monkeypatch.setattr("critics.queries.FILM_PAGE_REVIEWS", 1)
    page = client.get(FILM, {"show": "negative", "sort": "lowest"}).content.decode()
    assert (
        f'<a href="{REVIEWS}?show=negative&amp;sort=lowest">'
        "All 2 negative reviews of Split Decision</a>"
    ) in page
    top = client.get(FILM, {"show": "top"}).content.decode()
    assert f'<a href="{REVIEWS}?show=top">All 2 reviews by top critics of Split Decision</a>' in top


def test_the_reviews_list_heading_says_what_it_lists(client, film):
    assert (
        '<h2 id="reviews-heading">1 mixed review</h2>'
        in client.get(REVIEWS, {"show": "mixed"}).content.decode()
    )
    page = client.get(REVIEWS, {"show": "top", "sort": "highest"}).content.decode()
    assert '<h2 id="reviews-heading">2 reviews by top critics</h2>' in page
    assert "<title>Reviews of Split Decision (2020): top critics, highest score first ·" in page


def build_reviewed_film(size: int) -> str:
    """A film with 4 × `size` reviews of every kind, credits, tags and news; its address."""
    film = factories.film(title="Counted", slug="counted")
    film.tags.add(*[f"tag{t}" for t in range(size)])
    for _ in range(size):
        factories.credit(film=film)
    for n in range(size * 4):
        review = factories.review(
            film=film,
            publication=factories.publication(),
            rating=["4/4", "2/4", "0/4", ""][n % 4],
            verdict="negative" if n % 8 == 3 else None,
            is_top_critic=n % 3 == 0,
        )
        review.tags.add("tag0")
    factories.article().related_films.add(film)
    recompute_film_consensus(film.pk)
    return film.get_absolute_url()


# As tests/public/test_page_query_counts.py: "film" is 8 (its 7 and the filter counts),
# "film_reviews" 4 (the counts stand in for the paginator's COUNT).
FILTERED_QUERIES = {
    "?show=negative&sort=highest": 8,
    "?show=top&sort=lowest": 8,
    "reviews/?show=positive&sort=highest": 4,
    "reviews/?page=2&show=top&sort=lowest": 4,
    "reviews/?show=mixed": 4,
}


@pytest.mark.parametrize("size", [2, 7], ids=["small", "large"])
@pytest.mark.parametrize("address", FILTERED_QUERIES)
def test_filtered_and_sorted_pages_run_a_fixed_number_of_queries(
    client, settings, django_assert_num_queries, monkeypatch, size, address
):
    settings.PAGE_CACHE_SECONDS = 0  # what a render costs; the cache's hits cost none
    monkeypatch.setattr(FilmReviewsView, "paginate_by", 2)
    url = build_reviewed_film(size) + address
    with django_assert_num_queries(FILTERED_QUERIES[address]):
        response = client.get(url)
    assert headlines(response)
