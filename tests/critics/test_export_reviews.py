"""manage.py export_reviews: the import format out, formula injection neutralised, and
export -> import giving back the same reviews."""

import csv
import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given
from hypothesis import strategies as st

from critics.importer.csv_format import EXPORT_COLUMNS, protect_cell, unprotect_cell
from critics.models import Critic, PublishingStatus, Review
from critics.services.consensus import analyse_review_text
from tests import factories

pytestmark = pytest.mark.django_db

# What a review is, as a reader or an editor would compare two copies of it.
COMPARED = [
    "film_id",
    "critic__name",
    "is_top_critic",
    "publication_id",
    "is_unsigned",
    "headline",
    "body",
    "original_url",
    "published_on",
    "publish_at",
    "rating",
    "score",
    "verdict",
    "counted_verdict",
    "verdict_source",
    "status",
]


def export(*options) -> str:
    out = io.StringIO()
    call_command("export_reviews", *options, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def import_file(path, *options) -> str:
    out = io.StringIO()
    call_command("import_reviews", str(path), *options, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def snapshot(film):
    return sorted(
        Review.objects.filter(film=film).values_list(*COMPARED),
        key=lambda row: (str(row[8]), row[5], row[1]),
    )


@pytest.fixture
def film_with_reviews():
    film = factories.film(title="Heat", release_year=1995, slug="heat")
    paper = factories.publication(name="The Daily Screen", rating_scale=4)
    staff = factories.critic(name="The Daily Screen staff", is_unattributed=True)
    ana = factories.critic(name="Ana Ruiz", slug="ana-ruiz", is_top_critic=True)
    day = datetime.date(1995, 12, 15)
    at = datetime.datetime(1995, 12, 15, tzinfo=datetime.UTC)
    common = {"film": film, "published_on": day, "publish_at": at}
    factories.review(
        **common,
        critic=ana,
        publication=paper,
        rating="3",
        headline='=HYPERLINK("http://evil.example","click")',
        body="Taut and long.\r\n\r\nThe diner scene — superb.",
        original_url="https://example.com/heat",
    )
    factories.review(
        **common, critic=ana, headline="-- a quick take", verdict="mixed", body="+1 for De Niro"
    )
    factories.review(
        **common, critic=staff, publication=paper, is_unsigned=True, headline="@heat", body=""
    )
    factories.review(
        **common, critic=staff, publication=paper, is_unsigned=True, body="'=already quoted"
    )
    factories.review(**common, critic=factories.critic(), status=PublishingStatus.DRAFT)
    return film


def test_export_writes_the_import_columns_and_neutralises_formulas(film_with_reviews):
    rows = list(csv.DictReader(io.StringIO(export("--film", "heat"))))
    assert list(rows[0]) == list(EXPORT_COLUMNS)
    assert len(rows) == 4  # the draft is not exported
    signed = next(row for row in rows if row["publication"] and row["critic"])
    assert signed["film"] == "Heat" and signed["year"] == "1995"
    assert signed["critic"] == "Ana Ruiz" and signed["top_critic"] == "yes"
    assert (signed["date"], signed["rating"]) == ("1995-12-15", "3")
    assert signed["headline"] == '\'=HYPERLINK("http://evil.example","click")'
    cells = [cell for row in rows for cell in row.values()]
    assert "'-- a quick take" in cells and "'+1 for De Niro" in cells and "'@heat" in cells
    assert "''=already quoted" in cells
    assert not any(cell[:1] in ("=", "+", "-", "@", "\t", "\r") for cell in cells)
    unsigned = [row for row in rows if not row["critic"]]
    assert len(unsigned) == 2 and {row["publication"] for row in unsigned} == {"The Daily Screen"}


def test_export_then_import_gives_back_the_same_reviews(
    film_with_reviews, tmp_path, django_capture_on_commit_callbacks
):
    path = tmp_path / "heat.csv"
    call_command("export_reviews", "--film", "heat", "-o", str(path), stderr=io.StringIO())
    before = snapshot(film_with_reviews)
    Review.objects.filter(film=film_with_reviews, status=PublishingStatus.PUBLISHED).delete()

    with django_capture_on_commit_callbacks(execute=True):
        out = import_file(path)
    assert "4 new reviews" in out
    assert snapshot(film_with_reviews) == before


def test_importing_an_export_into_the_same_catalogue_changes_nothing(film_with_reviews, tmp_path):
    path = tmp_path / "heat.csv"
    path.write_text(export("--film", "heat"), encoding="utf-8", newline="")
    before = snapshot(film_with_reviews)
    out = import_file(path)
    assert "4 rows read: 0 new reviews, 4 unchanged" in out
    assert snapshot(film_with_reviews) == before


def test_export_by_critic(film_with_reviews):
    rows = list(csv.DictReader(io.StringIO(export("--critic", "ana-ruiz"))))
    assert {row["critic"] for row in rows} == {"Ana Ruiz"} and len(rows) == 2


def test_export_refuses_an_unknown_slug(db):
    with pytest.raises(CommandError, match="no film with the slug 'nope'"):
        export("--film", "nope")


def test_export_with_no_filter_writes_every_published_review(film_with_reviews):
    other = factories.review(headline="Another film's review")
    rows = list(csv.DictReader(io.StringIO(export())))
    assert len(rows) == 5  # the four of Heat and the other film's; never the draft
    assert {row["film"] for row in rows} == {"Heat", other.film.title}


def test_export_says_where_each_verdict_comes_from_and_what_the_text_model_suggests(db):
    film = factories.film(title="Babylon", slug="babylon")
    for fields in (
        {"rating": "3/4", "body": "A dazzling, joyous triumph."},
        {"verdict": "negative", "verdict_source": "critic", "body": ""},
        {"body": "Dull, empty and far too long."},  # unrated
    ):
        review = factories.review(film=film, **fields)
        analyse_review_text(review)  # as every save does: the suggestion is stored
        review.save()
    rows = {
        (row["rating"], row["verdict"]): row
        for row in csv.DictReader(io.StringIO(export("--film", "babylon")))
    }
    rated, chosen, unrated = rows[("3/4", "")], rows[("", "negative")], rows[("", "")]
    assert (rated["verdict_source"], chosen["verdict_source"]) == ("rating", "critic")
    assert unrated["verdict_source"] == ""
    for row in (rated, unrated):  # every review with text
        assert row["suggested_verdict"] in ("positive", "mixed", "negative")
        assert 0 <= float(row["suggestion_confidence"]) <= 1
        assert len(row["suggestion_confidence"]) == 4  # "0.87"
    assert (chosen["suggested_verdict"], chosen["suggestion_confidence"]) == ("", "")


def test_a_review_whose_source_gives_no_date_is_exported_without_one(db):
    film = factories.film(slug="undated")
    factories.review(film=film, published_on=None, is_top_critic=True)
    (row,) = csv.DictReader(io.StringIO(export("--film", "undated")))
    assert row["date"] == ""  # never the day it went live here
    assert row["top_critic"] == "yes"  # the review's own status


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SEPARATORS = (",", ";", "\t", "|")  # what a spreadsheet may split a line on
# Text drawn mostly from what matters here: apostrophes, separators, formula characters.
CELL_TEXT = st.text(max_size=30) | st.text(alphabet="'=+-@\t\r,;|a \n", max_size=30)


def pieces_a_spreadsheet_may_see(cell: str) -> list[str]:
    """The cell, and what follows each separator in it, as cells of their own."""
    return [cell] + [piece for sep in SEPARATORS for piece in cell.split(sep)[1:]]


@given(CELL_TEXT)
def test_protecting_a_cell_always_round_trips(value):
    protected = protect_cell(value)
    assert unprotect_cell(protected) == value
    for piece in pieces_a_spreadsheet_may_see(protected):
        assert piece[:1] not in FORMULA_START, (protected, piece)


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("'=1+1", "''=1+1"),
        ("'quoted'", "'quoted'"),
        ("A-", "A-"),
        ("Great film;=cmd|' /C calc'!A0", "Great film;'=cmd|' /C calc'!A0"),
        ("Good,+1|@SUM(A1)\t-2", "Good,'+1|'@SUM(A1)\t'-2"),
        ("Good, -ish; fine", "Good, -ish; fine"),
        ("Odd;'=already", "Odd;''=already"),
    ],
)
def test_only_formula_like_cells_get_an_apostrophe(value, written):
    assert protect_cell(value) == written


def test_a_staff_placeholder_is_not_duplicated_by_a_round_trip(film_with_reviews, tmp_path):
    path = tmp_path / "heat.csv"
    path.write_text(export("--film", "heat"), encoding="utf-8", newline="")
    import_file(path)
    assert Critic.objects.filter(name="The Daily Screen staff").count() == 1


def test_a_formula_after_a_separator_cannot_run_and_imports_back_unchanged(
    tmp_path, django_capture_on_commit_callbacks
):
    # Excel opens a CSV with ";" as the separator where that is the list separator (much
    # of Europe): this text would then be two cells, the second a command.
    probe = "Great film;=cmd|' /C calc'!A0"
    film = factories.film(title="Probe", slug="probe")
    day = datetime.date(2024, 5, 1)
    factories.review(
        film=film,
        headline=probe,
        body=f"Fine,-1|+2\t@3 and {probe}",
        published_on=day,
        publish_at=datetime.datetime(2024, 5, 1, tzinfo=datetime.UTC),
    )
    path = tmp_path / "probe.csv"
    call_command("export_reviews", "--film", "probe", "-o", str(path), stderr=io.StringIO())
    written = path.read_text(encoding="utf-8")

    assert "\"Great film;'=cmd|' /C calc'!A0\"" in written  # one cell, quoted, inert
    for sep in SEPARATORS:
        for piece in written.split(sep)[1:]:
            assert piece.removeprefix('"')[:1] not in FORMULA_START, (sep, piece)

    before = snapshot(film)
    Review.objects.filter(film=film).delete()
    with django_capture_on_commit_callbacks(execute=True):
        assert "1 new review" in import_file(path)
    assert snapshot(film) == before
    assert Review.objects.get(film=film).headline == probe
