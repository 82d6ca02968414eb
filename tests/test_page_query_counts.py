"""Every public page runs a fixed number of queries, however much it shows.

Each page is measured on a small and a large catalogue; both must match the
figure in QUERIES exactly, so an N+1 (or a new query) shows up here first.
"""

import pytest
from django.core.cache import cache

from critics.models import Review
from critics.services.consensus import recompute_film_consensus
from tests import factories

pytestmark = pytest.mark.django_db

QUERIES = {
    "home": 4,
    "films": 5,
    "films_filtered": 5,
    "film": 6,
    "review": 4,
    "critics": 3,
    "critic": 6,
    "publication": 4,
    "news": 2,
    "article": 3,
    "tag": 4,
    "person": 2,
    "search": 5,
    "reviews_feed": 1,
    "film_feed": 2,
    "sitemap": 14,
}


def build_catalogue(size: int) -> dict[str, str]:
    """`size` films, each with `size` reviews (own critics and publications), credits and tags."""
    publication = factories.publication()
    films = []
    for n in range(size):
        film = factories.film(title=f"Shared title {n}", release_year=2000 + n)
        film.tags.add(*[f"tag{t}" for t in range(size)])
        for _ in range(size):
            factories.credit(film=film)
        for r in range(size):
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
        "film": film.get_absolute_url(),
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
        "film_feed": f"{film.get_absolute_url()}feed/",
        "sitemap": "/sitemap.xml",
    }


@pytest.mark.parametrize("size", [2, 7], ids=["small", "large"])
@pytest.mark.parametrize("page", QUERIES)
def test_page_query_count_is_fixed(client, django_assert_num_queries, size, page):
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
