"""Re-importing an export changes how stored reviews count, and never adds a copy.

The editor's loop: export, copy the accepted suggestions into the verdict column with
verdict_source "model", import the file again (docs/import-format.md).
"""

import csv
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from critics.importer.apply import apply_plan
from critics.importer.validate import build_plan
from critics.models import FilmConsensus, Review
from critics.services.consensus import analyse_review_text, recompute_film_consensus
from tests import factories

pytestmark = pytest.mark.django_db


def export(*options) -> list[dict]:
    out = io.StringIO()
    call_command("export_reviews", *options, stdout=out, stderr=io.StringIO())
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def write(tmp_path, rows: list[dict]) -> str:
    path = tmp_path / "edited.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return str(path)


def run_import(path, *options) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_reviews", path, *options, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def analysed(**fields) -> Review:
    review = factories.review(**fields)
    analyse_review_text(review)
    review.save()
    return review


@pytest.fixture
def unrated_film():
    """A film whose three reviews have text but no rating and no verdict."""
    film = factories.film(title="Babylon", release_year=2022, slug="babylon")
    paper = factories.publication(name="The Daily Screen")
    for body in ("A dazzling, joyous triumph.", "Dull, empty and far too long."):
        analysed(film=film, publication=paper, body=body)
    staff = factories.critic(name="The Daily Screen staff", is_unattributed=True)
    analysed(film=film, critic=staff, publication=paper, is_unsigned=True, body="Superb fun.")
    recompute_film_consensus(film.pk)
    return film


def test_accepted_suggestions_imported_again_become_the_model_s_verdicts(
    unrated_film, tmp_path, django_capture_on_commit_callbacks
):
    editor = factories.editor()
    rows = export("--film", "babylon")
    for row in rows:
        row["verdict"], row["verdict_source"] = row["suggested_verdict"], "model"
    path = write(tmp_path, rows)

    dry, _ = run_import(path, "--dry-run")
    assert "3 rows read: 0 new reviews, 3 reviews to update, 0 unchanged" in dry
    assert "verdict not set → positive (model)" in dry
    assert "the unsigned review of 'Babylon' (2022) in The Daily Screen" in dry

    with django_capture_on_commit_callbacks(execute=True):
        result = apply_plan(build_plan(Path(path).read_bytes()), user=editor)
    assert (result.created, result.updated) == (0, 3)
    assert Review.objects.count() == 3
    for review in Review.objects.all():
        suggestion = review.analysis["suggestion"]["verdict"]
        assert (review.verdict, review.counted_verdict) == (suggestion, suggestion)
        assert review.verdict_source == "model"
        latest = review.history.latest()
        assert latest.history_user == editor
        assert latest.history_change_reason == "CSV import: changed how the review counts"
    consensus = FilmConsensus.objects.get(film=unrated_film)
    assert consensus.unrated_count == 0 and consensus.review_count == 3

    again, _ = run_import(path)
    assert "3 rows read: 0 new reviews, 3 unchanged" in again


def test_a_blank_verdict_never_removes_a_stored_one(unrated_film, tmp_path):
    Review.objects.update(verdict="positive", verdict_source="editor", counted_verdict="positive")
    rows = export("--film", "babylon")
    for row in rows:
        row["verdict"] = row["verdict_source"] = ""
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_reviews", write(tmp_path, rows), stdout=io.StringIO(), stderr=err)
    assert "has a verdict in the catalogue and this row has none" in err.getvalue()
    assert set(Review.objects.values_list("verdict", "verdict_source")) == {("positive", "editor")}


def test_a_blank_source_keeps_the_stored_one_and_a_given_one_changes_it(unrated_film, tmp_path):
    Review.objects.update(verdict="positive", verdict_source="editor", counted_verdict="positive")
    rows = export("--film", "babylon")
    for row in rows:
        row["verdict_source"] = ""
    out, _ = run_import(write(tmp_path, rows))
    assert "0 new reviews, 3 unchanged" in out
    assert set(Review.objects.values_list("verdict_source", flat=True)) == {"editor"}

    rows[0]["verdict_source"] = "critic"
    out, _ = run_import(write(tmp_path, rows))
    assert "1 review to update" in out
    assert "verdict positive (editor) → positive (critic)" in out
    assert sorted(Review.objects.values_list("verdict_source", flat=True)) == [
        "critic",
        "editor",
        "editor",
    ]


def test_a_changed_unsigned_review_is_updated_not_imported_twice(unrated_film, tmp_path):
    rows = [row for row in export("--film", "babylon") if not row["critic"]]
    rows[0]["verdict"] = "rotten"
    out, _ = run_import(write(tmp_path, rows))
    assert "0 new reviews, 1 review to update" in out
    unsigned = Review.objects.get(is_unsigned=True)
    assert (unsigned.counted_verdict, unsigned.verdict_source) == ("negative", "critic")
    assert Review.objects.count() == 3


def test_top_critic_status_of_a_stored_review_can_be_corrected(unrated_film, tmp_path):
    rows = export("--film", "babylon")
    assert {row["top_critic"] for row in rows} == {"no"}
    rows[0]["top_critic"] = "yes"
    out, _ = run_import(write(tmp_path, rows))
    assert "top critic no → yes" in out
    assert Review.objects.filter(is_top_critic=True).count() == 1


def test_the_admin_preview_lists_the_updates_before_anything_changes(
    unrated_film, editor_client, tmp_path
):
    rows = export("--film", "babylon")
    rows[0]["verdict"], rows[0]["verdict_source"] = "positive", "model"
    data = Path(write(tmp_path, rows)).read_bytes()
    page = editor_client.post(
        reverse("admin:critics_review_import"),
        {"file": SimpleUploadedFile("edited.csv", data, "text/csv")},
    ).content.decode()
    assert "Reviews to update (1)" in page
    assert 'value="Import 0 reviews and update 1"' in page
    assert not Review.objects.filter(verdict_source="model").exists()
