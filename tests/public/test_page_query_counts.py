"""Every public page runs a fixed number of queries, however much it shows.

Each page is measured on a small and a large catalogue; both must match the
figure in QUERIES exactly, so an N+1 (or a new query) shows up here first. The
page cache is switched off: these are the queries of a page being rendered (the
cache's own are counted in its tests).
"""

import pytest
from django.core.cache import cache
from django.db import connection

from critics.models import Review
from critics.services.consensus import recompute_film_consensus
from public.views import FilmListView, FilmReviewsView
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pages_render(settings):
    # These count what a view costs when it renders; tests/public/test_page_cache.py covers hits.
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _render_every_page(settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "PageCache" not in m]


# Each includes the one indexed query that finds consensus due a rebuild (scheduled
# reviews gone live), run before every view but the sitemaps: critics/middleware.py.
QUERIES = {
    "home": 4,
    "films": 5,
    "films_filtered": 5,
    "films_by_title_page_2": 5,
    # 7 before the review filters, plus their counts (one aggregate, critics.queries.
    # film_review_counts). The reviews page gets its list length from those counts
    # instead of the paginator's COUNT, so it stays at 4.
    "film": 8,
    "film_reviews": 4,
    "film_reviews_page_2": 4,
    "review": 4,
    "critics": 4,
    "critic": 6,
    "publication": 5,
    "news": 3,
    "article": 4,
    "tag": 5,
    "person": 3,
    # One query a kind on PostgreSQL; on SQLite one, plus one to read the rows of a kind
    # with results (films, reviews, articles here): critics/search_words.py.
    "search": 6 if connection.vendor == "postgresql" else 9,
    "reviews_feed": 2,
    "reviews_atom_feed": 2,
    "film_feed": 3,
    "critic_feed": 3,
    "news_feed": 2,
    "sitemap_index": 7,
    "sitemap_reviews": 1,
}


def build_catalogue(size: int) -> dict[str, str]:
    """`size` films, each with `size` reviews (own critics and publications), credits and tags.

    The first film has 4 × `size` reviews, so at the large size its page shows only the
    newest FILM_PAGE_REVIEWS and links to the full list.
    """
    publication = factories.publication()
    films = []
    for n in range(size):
        film = factories.film(title=f"Shared title {n}", release_year=2000 + n)
        film.tags.add(*[f"tag{t}" for t in range(size)])
        for _ in range(size):
            factories.credit(film=film)
        for r in range(size * 4 if n == 0 else size):
            critic = factories.critic()
            critic.publications.add(publication, factories.publication())
            review = factories.review(
                film=film, critic=critic, publication=factories.publication(), rating=f"{r % 5}/4"
            )
            review.tags.add("tag0")
        article = factories.article(title=f"Shared title news {n}")
        article.related_films.add(film)
        article.tags.add("tag0", "tag1")
        recompute_film_consensus(film.pk)
        films.append(film)
    film = films[0]
    review = Review.objects.filter(film=film).first()
    critic = review.critic
    review.publication = publication
    review.save()
    person = film.credits.first().person
    for other in films[1:]:
        factories.credit(film=other, person=person, role="director")
    return {
        "home": "/",
        "films": "/films/",
        "films_filtered": "/films/?tag=tag0&year=2000&sort=newest",
        "films_by_title_page_2": "/films/?sort=title&page=2",
        "film": film.get_absolute_url(),
        "film_reviews": f"{film.get_absolute_url()}reviews/",
        "film_reviews_page_2": f"{film.get_absolute_url()}reviews/?page=2",
        "review": review.get_absolute_url(),
        "critics": "/critics/",
        "critic": critic.get_absolute_url(),
        "publication": publication.get_absolute_url(),
        "news": "/news/",
        "article": film.articles.first().get_absolute_url(),
        "tag": "/tags/tag0/",
        "person": person.get_absolute_url(),
        "search": "/search/?q=Shared",
        "reviews_feed": "/reviews/feed/",
        "reviews_atom_feed": "/reviews/feed/atom/",
        "film_feed": f"{film.get_absolute_url()}feed/",
        "critic_feed": f"{critic.get_absolute_url()}feed/",
        "news_feed": "/news/feed/",
        "sitemap_index": "/sitemap.xml",
        "sitemap_reviews": "/sitemap-reviews.xml",
    }


@pytest.mark.parametrize("size", [2, 7], ids=["small", "large"])
@pytest.mark.parametrize("page", QUERIES)
def test_page_query_count_is_fixed(client, django_assert_num_queries, monkeypatch, size, page):
    if page.endswith("page_2"):
        # One item a page, so the small catalogue has a second page too.
        monkeypatch.setattr(FilmListView, "paginate_by", 1)
        monkeypatch.setattr(FilmReviewsView, "paginate_by", 1)
    url = build_catalogue(size)[page]
    cache.clear()
    with django_assert_num_queries(QUERIES[page]):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 4])
def test_poster_thumbnails_add_no_queries_once_generated(
    client, django_assert_num_queries, settings, tmp_path, count
):
    """sorl-thumbnail remembers each thumbnail in the cache: the first view of a new
    poster stores it (a few queries), every later view costs nothing."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    source = tmp_path / "source.png"
    Image.new("RGB", (600, 900), "teal").save(source)
    for n in range(count):
        upload = SimpleUploadedFile(f"p{n}.png", source.read_bytes(), content_type="image/png")
        factories.film(poster=upload, poster_alt=f"Poster {n}")
    client.get("/films/")
    with django_assert_num_queries(QUERIES["films"]):
        page = client.get("/films/").content.decode()
    assert page.count('<img class="poster"') == count
