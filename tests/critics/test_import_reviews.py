"""manage.py import_reviews: what an editor's CSV file turns into, and every way it is refused."""

import csv
import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from critics.importer.analysis import analysed_batches
from critics.importer.validate import no_progress
from critics.models import Critic, FilmConsensus, PublishingStatus, Review
from critics.services import consensus as consensus_service
from critics.services.consensus import analyse_review_text
from films.models import Film
from tests import factories

pytestmark = pytest.mark.django_db

HEADER = "film,year,critic,publication,top_critic,date,rating,verdict,headline,url,text"


def write(tmp_path, *lines: str, header: str = HEADER, encoding="utf-8", newline="\n") -> str:
    path = tmp_path / "reviews.csv"
    path.write_bytes(newline.join([header, *lines, ""]).encode(encoding))
    return str(path)


def run_import(path, *options):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_reviews", path, *options, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(path, *options) -> str:
    """Run an import that must fail; return what it printed about the problems."""
    err = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_reviews", path, *options, stdout=io.StringIO(), stderr=err)
    return err.getvalue() + str(failure.value)


@pytest.fixture
def catalogue():
    return {
        "film": factories.film(title="La La Land", release_year=2016),
        "remake": factories.film(title="Suspiria", release_year=2018),
        "paper": factories.publication(name="The Daily Screen", rating_scale=4),
    }


def test_imports_published_reviews_with_the_same_derived_fields_as_the_admin(
    tmp_path, catalogue, django_capture_on_commit_callbacks
):
    path = write(
        tmp_path,
        "La La Land,2016,Ana Ruiz,The Daily Screen,yes,2016-12-09,3,,A dream,"
        'https://example.com/ana,"A lovely, joyous musical."',
        "La La Land,,Ben Ode,The Daily Screen,no,2016-12-10,2/4,positive,,,It charms.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        out, _ = run_import(path)

    assert "Imported 2 reviews; consensus recomputed for 1 film." in out
    ana = Review.objects.get(critic__name="Ana Ruiz")
    assert ana.film == catalogue["film"] and ana.publication == catalogue["paper"]
    assert ana.rating == "3" and ana.score == 75  # a bare 3 on the paper's scale of 4
    assert (ana.verdict, ana.counted_verdict) == (None, "positive")
    assert ana.status == PublishingStatus.PUBLISHED and ana.is_public
    assert ana.published_on == datetime.date(2016, 12, 9)
    assert ana.publish_at == datetime.datetime(2016, 12, 9, tzinfo=datetime.UTC)
    assert (ana.headline, ana.original_url) == ("A dream", "https://example.com/ana")
    assert ana.body == "A lovely, joyous musical."
    as_in_the_admin = Review(body=ana.body, counted_verdict=ana.counted_verdict)
    analyse_review_text(as_in_the_admin)
    assert (ana.quote, ana.analysis) == (as_in_the_admin.quote, as_in_the_admin.analysis)
    assert ana.critic.is_top_critic and not ana.is_unsigned
    ben = Review.objects.get(critic__name="Ben Ode")
    # The file's explicit verdict wins over the verdict the score implies (50 is mixed).
    assert (ben.score, ben.verdict, ben.counted_verdict) == (50, "positive", "positive")
    assert not ben.critic.is_top_critic
    assert set(ana.critic.publications.all()) == {catalogue["paper"]}
    assert FilmConsensus.objects.get(film=catalogue["film"]).review_count == 2


def test_unsigned_reviews_go_to_the_publications_staff_even_two_for_one_film(tmp_path, catalogue):
    path = write(
        tmp_path,
        "La La Land,2016,,The Daily Screen,,2016-12-09,4/4,,First take,,Wonderful.",
        "La La Land,2016,,The Daily Screen,,2016-12-20,,mixed,Second take,,Uneven.",
    )
    run_import(path)
    reviews = Review.objects.filter(film=catalogue["film"]).order_by("published_on")
    assert [r.headline for r in reviews] == ["First take", "Second take"]
    assert all(r.is_unsigned for r in reviews)
    (staff,) = {r.critic for r in reviews}
    assert staff.name == "The Daily Screen staff" and staff.is_unattributed


def test_dry_run_reports_what_would_change_and_writes_nothing(tmp_path, catalogue):
    path = write(
        tmp_path,
        "La La Land,2016,Ana Ruiz,The Daily Screen,yes,2016-12-09,3/4,,,,Fine.",
        "Heat,1995,Ana Ruiz,New Weekly,,1995-12-15,B+,,,,Taut.",
    )
    out, _ = run_import(path, "--dry-run", "--create-films")
    assert "2 rows read: 2 new reviews, 0 unchanged" in out
    assert "Films to create (1): Heat (1995)" in out
    assert "Critics to create (1): Ana Ruiz" in out
    assert "Publications to create (1): New Weekly" in out
    assert "Dry run: nothing was written." in out
    assert (Review.objects.count(), Film.objects.count(), Critic.objects.count()) == (0, 2, 0)


GOOD = "La La Land,2016,Ana Ruiz,The Daily Screen,,2016-12-09,3/4,,,,Fine."


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        (
            "La La Land,2016,Ben Ode,The Daily Screen,,2016-12-09,11/10,,,,Hm.",
            'line 3: rating "11/10": the rating 11 is above its scale of 10',
        ),
        (
            "La La Land,2016,Ben Ode,The Daily Screen,,2016-12-09,,great,,,Hm.",
            "line 3: verdict 'great' is not a verdict: use positive, mixed or negative",
        ),
        (
            "La La Land,2016,Ben Ode,The Daily Screen,,09/12/2016,,,,,Hm.",
            "line 3: date '09/12/2016' is not a date written YYYY-MM-DD",
        ),
        (
            "La La Land,2016,Ben Ode,The Daily Screen,maybe,2016-12-09,,,,,Hm.",
            "line 3: top_critic 'maybe' is not one of true/false, yes/no, 1/0",
        ),
        (
            ",2016,Ben Ode,The Daily Screen,,2016-12-09,,,,,Hm.",
            "line 3: film is blank; every review needs the film's title",
        ),
        (
            "Heat,1995,Ben Ode,The Daily Screen,,1995-12-15,,,,,Hm.",
            "line 3: no film 'Heat' (year 1995) in the catalogue; use --create-films",
        ),
        (
            "La La Land,2016,Ben Ode,The Daily Screen,,2016-12-09,,,,," + "x" * 100_001,
            "line 3: text is 100,001 characters long; at most 100,000",
        ),
        (
            "La La Land,2016,Ben Ode,The Daily Screen,,2016-12-09,,,,not a link,Hm.",
            "line 3: url 'not a link' is not a web address",
        ),
        (
            "La La Land,16,Ben Ode,The Daily Screen,,2016-12-09,,,,,Hm.",
            "line 3: year '16' is not a release year",
        ),
        (
            "La La Land,2016,,,,2016-12-09,,,,,Hm.",
            "line 3: critic and publication are both blank",
        ),
        (
            "La La Land,2016,Ana Ruiz,The Daily Screen,,2016-12-10,1/4,,,,Changed my mind.",
            "line 3: Ana Ruiz already reviews 'La La Land' (2016) in The Daily Screen on line 2",
        ),
        (
            "La La Land,2016,Ben Ode,The Daily Screen,,2016-12-09,,,,,Hm.,extra",
            "line 3: 1 more value than the header has columns",
        ),
    ],
    ids=[
        "rating",
        "verdict",
        "date",
        "top_critic",
        "film title",
        "unknown film",
        "huge field",
        "url",
        "year",
        "no critic or publication",
        "same critic twice",
        "extra value",
    ],
)
def test_an_invalid_row_is_reported_by_line_and_nothing_is_written(
    tmp_path, catalogue, bad_row, message
):
    report = refused(write(tmp_path, GOOD, bad_row))
    assert message in report
    assert "1 invalid row; nothing was imported" in report
    assert not Review.objects.exists() and not Critic.objects.exists()


def test_line_numbers_count_file_lines_where_a_record_starts(tmp_path, catalogue):
    path = write(
        tmp_path,
        'La La Land,2016,Ana Ruiz,The Daily Screen,,2016-12-09,3/4,,,,"First paragraph.',
        "",
        'Second paragraph."',
        "La La Land,2016,Ben Ode,The Daily Screen,,2016-12-09,twelve,,,,Hm.",
    )
    report = refused(path)
    assert 'line 5: rating "twelve": not a rating this site can read' in report
    assert "line 2" not in report


def test_every_problem_of_a_line_is_reported_at_once(tmp_path, catalogue):
    report = refused(
        write(
            tmp_path,
            "Heat,1995,Ben,The Daily Screen,no!,31/02/2016,four stars,bad,,,",
            "La La Land,2016,Cy,,,2016-12-09,,,,,",  # valid
        )
    )
    (line,) = [text for text in report.splitlines() if text.startswith("line 2:")]
    assert line == (
        "line 2: top_critic 'no!' is not one of true/false, yes/no, 1/0; "
        "date '31/02/2016' is not a date written YYYY-MM-DD (e.g. 2016-12-09); "
        "verdict 'bad' is not a verdict: use positive, mixed or negative (or fresh / rotten); "
        'rating "four stars": not a rating this site can read (try "3/4", "B+", "3.5 stars"); '
        "no film 'Heat' (year 1995) in the catalogue; use --create-films"
    )
    assert "1 invalid row; nothing was imported" in report
    assert not Review.objects.exists()


def test_the_invalid_lines_can_be_written_to_a_file_to_fix(tmp_path, catalogue):
    path = write(
        tmp_path,
        GOOD,
        'La La Land,2016,Ben Ode,The Daily Screen,,2016-13-01,eleven,,"=HYPERLINK()",,"Hm, no."',
        header=HEADER,
    )
    fix = tmp_path / "fix.csv"
    out, err = run_import(path, "--skip-invalid", "--invalid-rows", str(fix))
    assert f"Wrote 1 invalid line to {fix}." in err
    (row,) = csv.DictReader(io.StringIO(fix.read_text(encoding="utf-8")))
    assert list(row) == [*HEADER.split(","), "errors"]
    assert (row["critic"], row["date"], row["text"]) == ("Ben Ode", "2016-13-01", "Hm, no.")
    assert row["headline"] == "'=HYPERLINK()"  # still safe to open in a spreadsheet
    assert row["errors"].startswith("date '2016-13-01' is not a date written YYYY-MM-DD")
    assert 'rating "eleven"' in row["errors"]
    assert "Imported 1 review" in out
    # Fixed, the file imports; its errors column is not part of the format and is ignored.
    fix.write_text(
        # Every cell of a file the site writes is quoted (critics/importer/csv_format.py).
        fix.read_text(encoding="utf-8").replace('"2016-13-01","eleven"', '"2016-12-01","B"'),
        encoding="utf-8",
    )
    out, err = run_import(str(fix))
    assert "Imported 1 review" in out and "warning" not in err


def test_missing_columns_are_named(tmp_path, catalogue):
    path = write(tmp_path, "La La Land,Ana Ruiz", header="film,critic")
    report = refused(path)
    assert "line 1: missing required columns: publication, date" in report
    assert "Nothing was imported" in report


def test_a_file_that_is_not_utf8_names_its_first_bad_line(tmp_path, catalogue):
    path = write(
        tmp_path,
        GOOD,
        "La La Land,2016,Zoë Ekwe,The Daily Screen,,2016-12-09,,,,,Hm.",
        encoding="latin-1",
    )
    report = refused(path)
    assert "line 3: the file is not UTF-8 text (byte 0xeb cannot be read)" in report
    assert not Review.objects.exists()


def test_a_field_beyond_the_csv_limit_stops_the_file_at_its_line(tmp_path, catalogue):
    path = write(tmp_path, GOOD, GOOD.replace("Fine.", '"' + "x" * 140_000 + '"'))
    report = refused(path, "--skip-invalid")
    assert "line 3: a value is longer than 131,072 characters" in report
    assert not Review.objects.exists()


def test_byte_order_mark_and_windows_line_ends_are_accepted(tmp_path, catalogue):
    path = tmp_path / "excel.csv"
    path.write_bytes(b"\xef\xbb\xbf" + f"{HEADER}\r\n{GOOD}\r\n".encode())
    out, _ = run_import(str(path))
    assert "Imported 1 review" in out
    assert Review.objects.get().body == "Fine."


def test_unknown_columns_are_ignored_with_a_warning(tmp_path, catalogue):
    path = write(tmp_path, GOOD + ",5 min read", header=HEADER + ",Reading Time")
    out, err = run_import(path)
    assert "warning: line 1: not part of the format, ignored: 'reading time'" in err
    assert "Imported 1 review" in out


def test_skip_invalid_imports_the_rest_and_reports_the_skipped_lines(tmp_path, catalogue):
    path = write(
        tmp_path,
        GOOD,
        "Heat,1995,Ben Ode,The Daily Screen,,1995-12-15,,,,,Taut.",
        "La La Land,2016,Cy Ward,The Daily Screen,,2016-12-09,3/4,,,,Fine.",
        "La La Land,2016,Di Sun,The Daily Screen,,someday,,,,,Hm.",
    )
    out, err = run_import(path, "--skip-invalid")
    assert "line 3: no film 'Heat' (year 1995)" in err and "line 5: date 'someday'" in err
    assert "Skipped invalid lines: 3, 5" in out
    assert "Imported 2 reviews" in out
    assert sorted(Review.objects.values_list("critic__name", flat=True)) == ["Ana Ruiz", "Cy Ward"]
    assert not Critic.objects.filter(name__in=["Ben Ode", "Di Sun"]).exists()


def test_importing_the_same_file_again_changes_nothing(tmp_path, catalogue):
    path = write(
        tmp_path,
        GOOD,
        "La La Land,2016,,The Daily Screen,,2016-12-09,,,,,Staff view.",
        "Heat,,Ana Ruiz,,,1995-12-15,B,,,,Taut.",
    )
    run_import(path, "--create-films")
    before = list(Review.objects.order_by("pk").values())
    out, _ = run_import(path, "--create-films")
    assert "3 rows read: 0 new reviews, 3 unchanged" in out
    assert "Imported 0 reviews; consensus recomputed for 0 films." in out
    assert list(Review.objects.order_by("pk").values()) == before
    assert Film.objects.filter(title="Heat").count() == 1


def test_a_row_repeated_in_the_file_is_imported_once_and_reported(tmp_path, catalogue):
    unsigned = "La La Land,2016,,The Daily Screen,,2016-12-09,,,,,Staff view."
    out, err = run_import(write(tmp_path, unsigned, GOOD, unsigned))
    assert "warning: line 4: the same review as line 2; skipped" in err
    assert "1 duplicate row skipped" in out
    assert Review.objects.count() == 2


def test_consensus_is_recomputed_once_per_film_after_all_rows(
    tmp_path, catalogue, monkeypatch, django_capture_on_commit_callbacks
):
    recomputed = []
    original = consensus_service.recompute_films_consensus

    def counting(film_ids, **options):
        recomputed.extend((pk, Review.objects.filter(film_id=pk).count()) for pk in film_ids)
        return original(film_ids, **options)

    monkeypatch.setattr(consensus_service, "recompute_films_consensus", counting)
    path = write(
        tmp_path,
        *(f"La La Land,2016,Critic {n},,,2016-12-09,{n}/5,,,,Fine." for n in range(1, 5)),
        "Suspiria,2018,Critic 1,,,2018-11-02,1/5,,,,Murky.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        run_import(path)
    # Once each, and only after every row was written.
    assert sorted(recomputed) == sorted([(catalogue["film"].pk, 4), (catalogue["remake"].pk, 1)])
    assert FilmConsensus.objects.get(film=catalogue["film"]).percent_positive == 50


def test_create_films_adds_each_missing_film_once(tmp_path, catalogue):
    path = write(
        tmp_path,
        "Suspiria,1977,Ana Ruiz,,,1977-02-01,A,,,,Vivid.",
        "suspiria,1977,Ben Ode,,,1977-02-03,B,,,,Loud.",
    )
    run_import(path, "--create-films")
    original = Film.objects.get(title="Suspiria", release_year=1977)
    assert original.slug == "suspiria-1977" and original.reviews.count() == 2


def test_a_title_shared_by_two_films_needs_the_year(tmp_path, catalogue):
    factories.film(title="Suspiria", release_year=1977)
    report = refused(write(tmp_path, "Suspiria,,Ana Ruiz,,,2018-11-02,,,,,Hm."))
    assert "line 2: 2 films in the catalogue are called 'Suspiria' (" in report


def test_a_different_review_already_in_the_catalogue_is_not_overwritten(tmp_path, catalogue):
    ana = factories.critic(name="Ana Ruiz")
    factories.review(
        film=catalogue["film"], critic=ana, publication=catalogue["paper"], rating="1/4"
    )
    report = refused(write(tmp_path, GOOD))
    assert (
        "line 2: Ana Ruiz's review of 'La La Land' (2016) in The Daily Screen is already in "
        "the catalogue, with a different date, rating, text"
    ) in report


def test_top_critic_status_is_each_review_s_and_rows_may_differ(tmp_path, catalogue):
    ana = factories.critic(name="Ana Ruiz", is_top_critic=False)
    out, _ = run_import(
        write(
            tmp_path,
            "La La Land,2016,Ana Ruiz,The Daily Screen,yes,2016-12-09,3/4,,,,Fine.",
            "La La Land,2016,Ana Ruiz,Other Weekly,no,2016-12-10,3/4,,,,Fine.",
            "Suspiria,2018,Ana Ruiz,,,2018-11-02,2/4,,,,Murky.",  # blank: her status today
        )
    )
    assert "Imported 3 reviews" in out
    flags = dict(Review.objects.values_list("publication__name", "is_top_critic"))
    assert flags == {"The Daily Screen": True, "Other Weekly": False, None: False}
    ana.refresh_from_db()
    assert not ana.is_top_critic  # the file describes reviews; her own flag stays


def test_a_critic_the_import_creates_takes_the_status_of_their_latest_row(tmp_path, catalogue):
    run_import(
        write(
            tmp_path,
            "La La Land,2016,Ben Ode,The Daily Screen,no,2016-12-09,3/4,,,,Fine.",
            "Suspiria,2018,Ben Ode,The Daily Screen,yes,2018-11-02,2/4,,,,Murky.",
            "La La Land,2016,Ben Ode,Other Weekly,,,1/4,,,,Undated: no say in his status.",
        )
    )
    ben = Critic.objects.get(name="Ben Ode")
    assert ben.is_top_critic
    undated = Review.objects.get(published_on__isnull=True)
    assert undated.is_top_critic  # a blank top_critic takes the critic's status


def test_a_row_without_a_date_has_none_and_goes_live_at_the_import(tmp_path, catalogue):
    before = timezone.now()
    run_import(write(tmp_path, "La La Land,2016,Ana Ruiz,The Daily Screen,,,3/4,,,,Fine."))
    review = Review.objects.get()
    assert review.published_on is None
    assert before <= review.publish_at <= timezone.now() and review.is_public


@pytest.mark.parametrize(
    ("verdict", "source", "rating", "stored"),
    [
        ("fresh", "", "", ("positive", "critic")),
        ("rotten", "editor", "", ("negative", "editor")),
        ("positive", "Model", "2/4", ("positive", "model")),
        ("", "", "3/4", ("positive", "rating")),
        ("", "rating", "3/4", ("positive", "rating")),
        ("", "", "", (None, None)),
    ],
    ids=["verdict: the critic's", "editor", "model", "rating", "rating said", "unrated"],
)
def test_each_imported_verdict_records_its_source(
    tmp_path, catalogue, verdict, source, rating, stored
):
    header = HEADER.replace("verdict,", "verdict,verdict_source,")
    row = f"La La Land,2016,Ana Ruiz,The Daily Screen,,2016-12-09,{rating},{verdict},{source},,,Hm."
    run_import(write(tmp_path, row, header=header))
    assert Review.objects.values_list("counted_verdict", "verdict_source").get() == stored


@pytest.mark.parametrize(
    ("verdict", "source", "rating", "message"),
    [
        ("", "robot", "", "verdict_source 'robot' is not one of critic, editor, model"),
        ("", "editor", "", "verdict_source 'editor' says who chose the verdict, but the verdict"),
        ("fresh", "rating", "3/4", "verdict_source 'rating' is only for a verdict that comes"),
        ("", "rating", "", "verdict_source is 'rating' but the row has no rating"),
    ],
    ids=["unknown", "no verdict", "rating with a verdict", "rating without one"],
)
def test_a_verdict_source_that_cannot_be_is_a_line_problem(
    tmp_path, catalogue, verdict, source, rating, message
):
    header = HEADER.replace("verdict,", "verdict,verdict_source,")
    row = f"La La Land,2016,Ana Ruiz,The Daily Screen,,2016-12-09,{rating},{verdict},{source},,,Hm."
    report = refused(write(tmp_path, row, header=header))
    assert f"line 2: {message}" in report
    assert not Review.objects.exists()


def test_a_failure_while_writing_leaves_the_database_as_it_was(tmp_path, catalogue, monkeypatch):
    from critics.importer import apply

    real_copy = apply.history._copy_to_history

    def failing(connection, model, keys, **options):
        # The reviews are inserted; their history fails: the rollback must take both.
        if model is Review:
            raise apply.IntegrityError("simulated clash")
        return real_copy(connection, model, keys, **options)

    monkeypatch.setattr(apply.history, "_copy_to_history", failing)
    path = write(tmp_path, "Heat,1995,Ana Ruiz,New Weekly,yes,1995-12-15,,,,,Taut.")
    report = refused(path, "--create-films")
    assert "Nothing was imported; import the file again." in report
    assert not Film.objects.filter(title="Heat").exists()
    assert not Critic.objects.exists() and not Review.objects.exists()


def test_imported_reviews_history_holds_a_faithful_copy_that_restores(tmp_path, catalogue):
    run_import(
        write(
            tmp_path,
            GOOD,
            "Heat,1995,Ben Ode,New Weekly,yes,1995-12-15,B+,,Taut,https://x.example/h,Taut.",
        ),
        "--create-films",
    )
    for review in Review.objects.all():
        (entry,) = review.history.all()
        assert (entry.history_type, entry.history_change_reason) == ("+", "CSV import")
        copy = entry.instance
        for field in ("headline", "body", "rating", "score", "counted_verdict", "publish_at"):
            assert getattr(copy, field) == getattr(review, field), field
        assert (copy.film_id, copy.critic_id, copy.status) == (
            review.film_id,
            review.critic_id,
            review.status,
        )
    # Restoring the imported version after an edit brings the imported text back.
    review = Review.objects.get(film__title="Heat")
    Review.objects.filter(pk=review.pk).update(body="Edited.")
    review.history.earliest().instance.save()
    review.refresh_from_db()
    assert review.body == "Taut."


def test_no_progress_bar_when_output_is_not_a_terminal(tmp_path, catalogue):
    _, err = run_import(write(tmp_path, GOOD))
    assert "Checking rows" not in err and "%|" not in err


def derive_fields(reviews, *, workers, parallel_from=None):
    """Score, verdict, quote and analysis set on unsaved reviews, as an import does."""
    with analysed_batches(
        reviews,
        batch_size=250,
        workers=workers,
        progress=no_progress,
        parallel_from=parallel_from,
    ) as batches:
        for _ in batches:
            pass


def test_worker_processes_derive_exactly_what_the_admin_would():
    texts = ["A joyous, brilliant musical.", "Dull and far too long.", "Fine cast, thin plot."]
    ratings = ["3/4", "", "C"]

    def reviews():
        return [
            Review(body=f"{texts[n % 3]} ({n})", rating=ratings[n % 3], verdict=None)
            for n in range(300)
        ]

    here, in_workers = reviews(), reviews()
    derive_fields(here, workers=1)
    derive_fields(in_workers, workers=2, parallel_from=1)
    # Every stored column, so a field the text analysis gains cannot be left behind.
    columns = [f.attname for f in Review._meta.concrete_fields if not getattr(f, "generated", 0)]
    fields = lambda r: [getattr(r, name) for name in columns]  # noqa: E731
    assert [fields(r) for r in in_workers] == [fields(r) for r in here]
    assert here[0].analysis["version"] and here[1].counted_verdict is None
