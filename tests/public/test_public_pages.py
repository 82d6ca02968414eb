"""What readers see on each public page, with the seed data and small factories."""

import pytest

from critics.models import Article, PublishingStatus, Review
from critics.services.consensus import recompute_film_consensus
from films.models import Film
from tests import factories

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')


def test_home_lists_latest_reviews_strongest_consensus_and_news(client, seed_data):
    page = text(client.get("/"))
    assert 'aria-label="La La Land (2016) — James Porter"' in page
    assert "Strongest consensus lately" in page
    assert 'href="/films/la-la-land/"' in page
    assert '100<span class="unit">%</span>' in page
    assert "Featurette Goes Behind the Scenes" in page


def test_home_never_names_a_placeholder_critic_as_a_reviewer(client, seed_data):
    page = text(client.get("/"))
    assert "Unattributed (source 001)" not in page
    assert '<h3 class="review-card-title">Unsigned review</h3>' in page


def test_film_page_shows_credits_and_its_published_reviews(client, seed_data):
    factories.review(
        film=Film.objects.get(slug="la-la-land"), status=PublishingStatus.DRAFT, headline="Secret"
    )
    page = text(client.get("/films/la-la-land/"))
    assert "Emma Stone" in page and "Mia" in page
    assert 'href="/films/people/emma-stone/"' in page
    assert page.count('class="review-card"') == 4
    assert "Secret" not in page


def test_film_page_shows_the_consensus_figures_and_statement(client, seed_data):
    page = text(client.get("/films/la-la-land/"))
    assert "Overwhelmingly positive" in page
    assert "100% of 4 reviews with a verdict" in page
    assert "100% of critics share the majority verdict" in page
    assert "Critics are overwhelmingly positive about La La Land" in page


def test_film_page_links_the_statement_quotes_to_their_reviews(client, seed_data):
    film = Film.objects.get(slug="la-la-land")
    page = text(client.get(film.get_absolute_url()))
    for citation in film.consensus.statement_citations:
        review = Review.objects.get(pk=citation["review_id"])
        assert f'<a href="{review.get_absolute_url()}">{citation["phrase"]}</a>' in page


def test_film_page_charts_have_a_text_alternative(client, seed_data):
    page = text(client.get("/films/la-la-land/"))
    assert 'role="img" aria-label="Verdicts of 4 reviews: 4 positive, 0 mixed' in page
    assert "Positive: 4" in page
    # The seed reviews carry no ratings, so there is no histogram to draw.
    assert "no score distribution" in page


def test_film_page_histogram_and_dissent_with_rated_reviews(client, db):
    film = factories.film(title="Rated")
    for rating in ("4/5", "9/10", "5/5", "4.5/5", "1/5"):
        factories.review(film=film, rating=rating, body="The acting is superb. A film.")
    recompute_film_consensus(film.pk)
    page = text(client.get(film.get_absolute_url()))
    assert "Score distribution of 5 reviews with a rating" in page
    assert page.count('class="bar bar-') == 3  # 20s; 80s; 90-100 (90, 90 and 100)
    assert "Scores as a table" in page
    assert "The dissent" in page and "rated 1/5" in page
    assert "76.0 / 100" in page


def test_film_page_marks_a_provisional_consensus_and_withholds_figures(client, db):
    film = factories.film(title="Early")
    factories.review(film=film, rating="4/5")
    recompute_film_consensus(film.pk)
    page = text(client.get(film.get_absolute_url()))
    assert "Provisional" in page
    assert "withheld until there are enough reviews with a verdict" in page
    assert "Not enough reviews for a consensus" in page


def test_film_page_lists_related_news(client, seed_data):
    page = text(client.get("/films/la-la-land/"))
    assert "Related news" in page
    assert 'href="/news/la-la-land-featurette-behind-the-scenes/"' in page


def test_film_page_tags_link_to_tag_pages(client, seed_data):
    page = text(client.get("/films/la-la-land/"))
    assert 'href="/tags/musical/"' in page


def test_review_page_shows_the_full_text_consensus_in_brief_and_other_reviews(client, seed_data):
    review = Review.objects.get(critic__slug="james-porter")
    page = text(client.get(review.get_absolute_url()))
    for paragraph in review.paragraphs:
        assert f"<p>{paragraph}</p>" in page
    assert "The consensus on La La Land" in page
    assert "Other reviews of La La Land" in page
    assert page.count('class="review-card"') == 3
    assert "an editor's reading (no rating given)" in page  # the seed verdicts are editors'


def test_review_page_shows_rating_as_published(client, db):
    review = factories.review(rating="3½/4", headline="Dreamy")
    page = text(client.get(review.get_absolute_url()))
    assert "from the critic's 3½/4" in page
    assert "Positive" in page


def test_unknown_film_is_a_friendly_404(client, db):
    response = client.get("/films/no-such-film/")
    assert response.status_code == 404
    assert "There is nothing published at this address" in response.content.decode()


def test_server_error_page_is_friendly(client, db):
    from django.test import RequestFactory

    from public.views import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_critic_page_lists_their_published_reviews_and_record(client, seed_data):
    page = text(client.get("/critics/james-porter/"))
    assert 'aria-label="La La Land (2016) — James Porter"' in page
    assert "@JamesPorter97" in page
    assert "100% of the time (1 of 1 films with a final consensus)" in page
    assert "No rated reviews" in page


def test_critic_page_marks_top_critics_and_publications(client, db):
    publication = factories.publication(name="The Daily Reel")
    critic = factories.critic(name="Ann Lee", is_top_critic=True)
    critic.publications.add(publication)
    factories.review(critic=critic, publication=publication, status=PublishingStatus.DRAFT)
    page = text(client.get(critic.get_absolute_url()))
    assert "Top critic" in page
    assert "Writes for" in page and "The Daily Reel" in page
    assert "No published reviews yet" in page


def test_a_placeholder_for_an_unnamed_author_has_no_person_page(client, seed_data):
    assert client.get("/critics/unsigned-writer-director/").status_code == 404
    assert "Unsigned review" in text(client.get("/films/la-la-land/"))


def test_critics_list_shows_each_active_critic_with_review_count(client, seed_data):
    factories.critic(name="Gone Critic", active=False)
    page = text(client.get("/critics/"))
    assert "James Porter" in page and "1 review" in page
    assert "Gone Critic" not in page


def test_publication_page_lists_its_critics_and_reviews(client, db):
    publication = factories.publication(name="Sight Lines")
    critic = factories.critic(name="Bo Chen")
    critic.publications.add(publication)
    factories.review(critic=critic, publication=publication, headline="Luminous")
    page = text(client.get(publication.get_absolute_url()))
    assert "Bo Chen" in page and "Luminous" in page


def test_news_list_and_article_page(client, seed_data):
    factories.article(title="Hidden draft", status=PublishingStatus.DRAFT)
    factories.article(title="A long read", kind=Article.Kind.FEATURE)
    listing = text(client.get("/news/"))
    assert "Featurette Goes Behind the Scenes" in listing and "A long read" in listing
    assert "Hidden draft" not in listing
    features = text(client.get("/news/?kind=feature"))
    assert "A long read" in features and "Featurette" not in features
    article = Article.objects.get(slug="la-la-land-featurette-behind-the-scenes")
    page = text(client.get(article.get_absolute_url()))
    assert "23 November 2016" in page
    assert "La La Land (2016)" in page
    assert 'href="/tags/featurette/"' in page


def test_person_page_shows_the_filmography(client, seed_data):
    page = text(client.get("/films/people/damien-chazelle/"))
    assert "Filmography" in page
    assert "La La Land" in page and "Whiplash" in page
    assert "Director" in page and "Writer" in page


def test_tag_page_lists_films_reviews_and_articles(client, seed_data):
    factories.review(
        film=Film.objects.get(slug="whiplash"), status=PublishingStatus.DRAFT, headline="Draft"
    ).tags.add("musical")
    page = text(client.get("/tags/musical/"))
    assert "Tagged “musical”" in page
    assert 'href="/films/la-la-land/"' in page
    assert page.count('class="review-card"') == 4
    assert "Featurette Goes Behind the Scenes" in page
    assert "Draft" not in page
    assert client.get("/tags/no-such-tag/").status_code == 404


def test_films_list_filters_by_tag_and_year_and_sorts(client, db):
    good = factories.film(title="Alpha", release_year=2019)
    good.tags.add("drama")
    factories.film(title="Beta", release_year=2021).tags.add("comedy")
    factories.film(title="Gamma", release_year=2019)
    for _ in range(4):
        factories.review(film=good, rating="9/10")
    recompute_film_consensus(good.pk)

    def titles(query):
        page = text(client.get("/films/" + query))
        return [t for t in ("Alpha", "Beta", "Gamma") if f">{t}</a>" in page], page

    assert titles("?tag=drama")[0] == ["Alpha"]
    assert titles("?year=2019")[0] == ["Alpha", "Gamma"]
    _, page = titles("?sort=title")
    assert page.index(">Alpha<") < page.index(">Beta<") < page.index(">Gamma<")
    _, page = titles("?sort=newest")
    assert page.index(">Beta<") < page.index(">Alpha<")
    _, page = titles("?sort=consensus")
    assert page.index(">Alpha<") < page.index(">Beta<")
    assert '<option value="drama">drama</option>' in page


def test_films_list_is_paginated(client, db):
    for n in range(30):
        factories.film(title=f"Film {n:02}")
    first = text(client.get("/films/?sort=title"))
    assert "Page 1 of 2" in first and 'rel="next" href="?sort=title&amp;page=2"' in first
    second = text(client.get("/films/?sort=title&page=2"))
    assert "Film 29" in second and "Film 00" not in second
    assert client.get("/films/?page=9").status_code == 404


def test_film_page_lists_what_the_statement_says_critics_praise_and_fault(client, seed_data):
    import re

    page = client.get("/films/la-la-land/").content.decode()
    statement = re.search(r'<p class="statement">(.*?)</p>', page, re.S).group(1)
    praised_list = page.split("<h3>Praised</h3>", 1)[1].split("</ul>", 1)[0]
    unquoted = re.sub(r"“.*?”", "", re.sub(r"<[^>]+>", "", statement))
    praised_in_statement = re.findall(r"the (\w+)", unquoted.split("Praise goes to", 1)[1])
    assert praised_in_statement
    for name in praised_in_statement:
        assert name.capitalize() in praised_list
    # No aspect is faulted by two of the four positive reviews: nothing is criticised.
    assert "Criticism" not in statement
    assert "<h3>Criticised</h3>" not in page
