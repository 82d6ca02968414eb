"""A film's score receipt: every counted review, its conversion, and totals that are the badge."""

import csv
import html
import io
import re
from decimal import Decimal

import pytest

from consensus.method import METHOD_VERSION
from critics import queries
from critics.models import FilmConsensus, PublishingStatus, Review
from critics.services.consensus import recompute_film_consensus
from films.models import Film
from public.receipt import ROW_COLUMNS, TOTAL_COLUMNS, receipt_totals, score_receipt
from tests import factories

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def mixed_scales_film() -> Film:
    """Stars, letter grades, out of 100, a bare number, an editor's verdict and unrated."""
    film = factories.film(title="Mixed Scales", slug="mixed-scales")
    by_four = factories.publication(name="Four Point Weekly", rating_scale=4)
    reviews = [
        ("Ann Fraction", "4/5", {}),
        ("Bea Grade", "B+", {"is_top_critic": True}),
        ("Cy Hundred", "85/100", {}),
        ("Di Stars", "★★★☆☆", {"is_top_critic": True}),
        ("Ed Bare", "3", {"publication": by_four}),
        ("Flo Low", "2/5", {}),
        ("Gus Unrated", "", {}),
        ("Hal Editor", "", {"verdict": "negative", "verdict_source": "editor"}),
    ]
    for name, rating, fields in reviews:
        factories.review(film=film, critic=factories.critic(name=name), rating=rating, **fields)
    # Never counted, never listed.
    for status in (PublishingStatus.DRAFT, PublishingStatus.WITHDRAWN):
        factories.review(
            film=film, critic=factories.critic(name=f"Secret {status}"), rating="1/5", status=status
        )
    recompute_film_consensus(film.pk)
    return film


def receipt_of(film: Film):
    return score_receipt(queries.reviews_for_score_receipt(film))


def assert_totals_are_the_stored_consensus(film: Film) -> None:
    stored = FilmConsensus.objects.get(film=film)
    figures = receipt_of(film).figures
    assert figures.review_count == stored.review_count
    assert (figures.counts.positive, figures.counts.mixed, figures.counts.negative) == (
        stored.positive_count,
        stored.mixed_count,
        stored.negative_count,
    )
    assert figures.counts.unrated == stored.unrated_count
    assert figures.percent_positive == stored.percent_positive
    assert figures.average_score == stored.average_score
    assert figures.scored_count == stored.scored_count
    assert figures.provisional == stored.provisional
    assert figures.label == stored.label
    assert figures.score_label == stored.score_label
    assert figures.top_critics.percent_positive == stored.top_critic_percent_positive


def totals_table(page: str) -> dict[str, str]:
    totals = page.split('id="receipt-totals-heading"', 1)[1]
    return dict(re.findall(r'<tr><th scope="row">(.*?)</th><td>(.*?)</td></tr>', totals))


def test_seed_film_totals_are_its_badge(client, seed_data):
    film = Film.objects.get(slug="la-la-land")
    assert_totals_are_the_stored_consensus(film)
    page = text(client.get("/films/la-la-land/score/"))
    totals = totals_table(page)
    assert totals["Percent positive"] == "100%"
    assert totals["Reviews"] == "4"
    assert totals["Average score"] == "none: no review gives a rating"
    assert totals["Label"] == "Overwhelmingly positive"
    # The badge the film page shows, drawn from the receipt's own totals.
    assert '100<span class="unit">%</span>' in page
    assert page.count("An editor's reading of the review") == 4


def test_mixed_scales_totals_are_its_badge(client):
    film = mixed_scales_film()
    assert_totals_are_the_stored_consensus(film)
    stored = FilmConsensus.objects.get(film=film)
    # 80, 83, 85, 60, 75 positive; 40 mixed; the editor's negative: 5 of 7.
    assert stored.percent_positive == 71
    assert stored.average_score == Decimal("70.5")
    totals = totals_table(text(client.get("/films/mixed-scales/score/")))
    assert totals["Percent positive"] == f"{stored.percent_positive}%"
    assert totals["Average score"] == f"{stored.average_score} / 100"
    assert totals["Reviews"] == "8"
    assert totals["Without a verdict"] == "1"
    assert totals["Label"] == stored.label == "Mostly positive"
    assert totals["Method version"] == METHOD_VERSION


def test_each_scale_names_its_conversion_rule(client):
    mixed_scales_film()
    page = text(client.get("/films/mixed-scales/score/"))
    assert "4 out of 5 → 4 ÷ 5 × 100 = 80.0" in page
    assert "letter grade B+ → 83.0 (Metacritic's table)" in page
    assert "85 out of 100 → 85 ÷ 100 × 100 = 85.0" in page
    assert "3 of 5 stars drawn → 3 ÷ 5 × 100 = 60.0" in page
    assert "3 on the publication's scale of 4 → 3 ÷ 4 × 100 = 75.0" in page
    assert "80.0 is 60 or more: positive" in page
    assert "40.0 is from 40 up to 60: mixed" in page
    assert page.count("no rating given") == 2
    assert "Not counted: no rating and no verdict" in page
    assert "Verdict counted; no rating, so not in the average score" in page


def test_drafts_and_withdrawn_reviews_never_appear(client):
    mixed_scales_film()
    page = text(client.get("/films/mixed-scales/score/"))
    spreadsheet = client.get("/films/mixed-scales/score.csv").content.decode()
    for secret in ("Secret draft", "Secret withdrawn"):
        assert secret not in page
        assert secret not in spreadsheet
    assert (
        "Drafts, withdrawn reviews and reviews scheduled for a later date are never counted" in page
    )


def test_csv_has_the_pages_rows_and_totals(client):
    mixed_scales_film()
    page = text(client.get("/films/mixed-scales/score/"))
    response = client.get("/films/mixed-scales/score.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="mixed-scales-score.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode(), newline="")))
    blank = rows.index([])
    header, reviews, totals = rows[0], rows[1:blank], rows[blank + 1 :]
    assert tuple(header) == ROW_COLUMNS and tuple(totals[0]) == TOTAL_COLUMNS
    page_links = re.findall(r'<th scope="row"><a href="(/reviews/\d+/)">', page)
    assert [row[-1] for row in reviews] == [f"http://testserver{link}" for link in page_links]
    assert len(page_links) == 8
    assert dict(totals[1:]) == totals_table(page)
    ed = next(row for row in reviews if row[0] == "Ed Bare")
    assert ed[1:5] == [
        "Four Point Weekly",
        "3",
        "75.0",
        "3 on the publication's scale of 4 → 3 ÷ 4 × 100 = 75.0",
    ]


def test_csv_cells_cannot_run_as_formulas(client):
    film = factories.film(slug="formulas")
    factories.review(
        film=film, critic=factories.critic(name='=HYPERLINK("http://x")'), rating="3/4"
    )
    recompute_film_consensus(film.pk)
    rows = list(csv.reader(io.StringIO(client.get("/films/formulas/score.csv").content.decode())))
    assert rows[1][0] == '\'=HYPERLINK("http://x")'


def test_provisional_figures_are_withheld_as_on_the_film_page(client):
    film = factories.film(slug="early")
    for rating in ("3/4", "1/4"):
        factories.review(film=film, rating=rating)
    recompute_film_consensus(film.pk)
    page = text(client.get("/films/early/score/"))
    totals = totals_table(page)
    withheld = "withheld: 2 reviews with a verdict, fewer than the 4 needed"
    assert totals["Percent positive"] == totals["Average score"] == withheld
    assert totals["Label"] == "Not enough reviews"
    assert "Provisional" in page
    assert "50%" not in page and "50.0 / 100" not in page
    assert '<span class="unit">%</span>' not in page


def test_receipt_names_the_method_version_and_links_the_method(client, seed_data):
    page = text(client.get("/films/la-la-land/score/"))
    assert f"method version {METHOD_VERSION}" in page
    assert 'href="/method/"' in page
    assert 'href="/films/la-la-land/score.csv"' in page


def test_film_and_review_badges_link_to_the_receipt_and_the_method(client, seed_data):
    for url in (
        "/films/la-la-land/",
        Review.objects.filter(film__slug="la-la-land").first().get_absolute_url(),
    ):
        page = text(client.get(url))
        assert re.search(
            r'<a class="score-badge-link" href="/films/la-la-land/score/"><span class="score-badge',
            page,
        )
        assert '<a href="/method/">How this is worked out</a>' in page


def test_a_film_with_no_reviews_has_an_empty_receipt(client):
    factories.film(slug="unreviewed")
    page = text(client.get("/films/unreviewed/score/"))
    assert "No published reviews of" in page
    assert totals_table(page)["Reviews"] == "0"


def test_unknown_film_has_no_receipt(client, db):
    assert client.get("/films/no-such-film/score/").status_code == 404
    assert client.get("/films/no-such-film/score.csv").status_code == 404


def test_totals_pairs_are_the_figures_the_page_and_csv_share(db):
    film = mixed_scales_film()
    receipt = receipt_of(film)
    assert dict(receipt_totals(receipt))["Reviews with a score"] == "6"
    assert dict(receipt_totals(receipt))["Top critics' percent positive"].startswith("withheld")


@pytest.fixture
def _render_without_page_cache(settings):
    # Counts what the view costs when it renders (the page cache's own queries are
    # covered by its tests); includes the middleware's one due-consensus query.
    settings.PAGE_CACHE_SECONDS = 0
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "PageCache" not in m]


# Every scale the parser reads; "7" is read on the publication's declared scale of 10.
RATINGS = ("", "B-", "3/4", "★★★☆☆", "7", "85/100", "3.5 stars")


@pytest.mark.usefixtures("_render_without_page_cache")
@pytest.mark.parametrize("size", [2, 14], ids=["small", "large"])
@pytest.mark.parametrize("url", ["/films/big/score/", "/films/big/score.csv"])
def test_receipt_query_count_is_fixed(client, django_assert_num_queries, size, url):
    film = factories.film(slug="big")
    for n in range(size):
        factories.review(
            film=film,
            critic=factories.critic(is_top_critic=n % 2 == 0),
            publication=factories.publication(rating_scale=10),
            rating=RATINGS[n % len(RATINGS)],
        )
    recompute_film_consensus(film.pk)
    # The film, its published reviews with critics and publications, and the
    # middleware's one query for consensus due a rebuild.
    with django_assert_num_queries(3):
        response = client.get(url)
    assert response.status_code == 200
    assert len(re.findall(r"/reviews/\d+/", response.content.decode())) == size
