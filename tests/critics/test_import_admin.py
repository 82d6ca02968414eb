"""The review admin's CSV import page (upload, preview, confirm) and export action."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from critics.models import Review
from films.models import Film
from tests import factories

pytestmark = pytest.mark.django_db

IMPORT_URL = "admin:critics_review_import"
HEADER = "film,year,critic,publication,top_critic,date,rating,verdict,headline,url,text"


def upload(client, *lines, **options):
    data = "\n".join([HEADER, *lines, ""]).encode()
    return client.post(
        reverse(IMPORT_URL),
        {"file": SimpleUploadedFile("reviews.csv", data, "text/csv"), **options},
    )


@pytest.fixture(autouse=True)
def _uploads_in_tmp_path(tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "imports": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "uploads"},
        },
    }


@pytest.fixture
def film():
    return factories.film(title="La La Land", release_year=2016)


@pytest.fixture
def staff_client(db):
    """Staff with every review permission, but not an editor."""
    client = Client()
    user = get_user_model().objects.create_user(
        "writer", password="a-long-test-password", is_staff=True
    )
    user.user_permissions.set(Permission.objects.filter(codename__endswith="_review"))
    client.force_login(user)
    return client


def test_the_review_list_offers_import_to_editors_only(editor_client, staff_client):
    url = reverse("admin:critics_review_changelist")
    assert "Import CSV" in editor_client.get(url).content.decode()
    response = staff_client.get(url)
    assert response.status_code == 200 and "Import CSV" not in response.content.decode()


def test_upload_shows_a_preview_and_writes_nothing_until_confirmed(
    editor_client, film, django_capture_on_commit_callbacks
):
    preview = upload(
        editor_client,
        "La La Land,2016,Ana Ruiz,The Daily Screen,yes,2016-12-09,3/4,,,,Fine.",
        "Heat,1995,,The Daily Screen,,1995-12-15,B,,,,Taut.",
        create_films="on",
    )
    page = preview.content.decode()
    assert "2 rows read: 2 new reviews, 0 unchanged" in page
    assert "Films to create (1): Heat (1995)" in page
    assert "Publications to create (1): The Daily Screen" in page
    assert 'value="Import 2 reviews"' in page
    assert not Review.objects.exists() and not Film.objects.filter(title="Heat").exists()

    with django_capture_on_commit_callbacks(execute=True):
        done = editor_client.post(
            reverse(IMPORT_URL), {"token": preview.context["token"], "confirm": "1"}, follow=True
        )
    assert done.redirect_chain[-1][0] == reverse("admin:critics_review_changelist")
    assert "Imported 2 reviews (0 already there); consensus recomputed for 2 films." in (
        done.content.decode()
    )
    assert Review.objects.count() == 2 and Film.objects.filter(title="Heat").exists()
    # The revision history says who imported them.
    imported = Review.history.filter(history_type="+", history_change_reason="CSV import")
    assert {entry.history_user.username for entry in imported} == {"editor"}
    assert imported.count() == 2


def test_preview_lists_every_problem_of_each_line_and_offers_no_import_without_valid_rows(
    editor_client, film
):
    preview = upload(
        editor_client,
        "La La Land,2016,Ana Ruiz,The Daily Screen,,2016-31-12,ten,,,,Fine.",
        "Heat,1995,Ben Ode,The Daily Screen,,1995-12-15,B,,,,Taut.",
    )
    page = preview.content.decode()
    assert (
        "<td>2</td><td>date &#x27;2016-31-12&#x27; is not a date written YYYY-MM-DD "
        "(e.g. 2016-12-09); rating &quot;ten&quot;: not a rating"
    ) in page
    assert "<td>3</td><td>no film &#x27;Heat&#x27; (year 1995) in the catalogue" in page
    assert 'name="confirm"' not in page and 'name="cancel"' in page
    # Confirming anyway checks the file again and still writes nothing.
    again = editor_client.post(
        reverse(IMPORT_URL), {"token": preview.context["token"], "confirm": "1"}
    )
    assert "no film &#x27;Heat&#x27;" in again.content.decode()
    assert not Review.objects.exists()


GOOD = "La La Land,2016,Ana Ruiz,The Daily Screen,,2016-12-09,3/4,,,,Fine."
BAD = 'La La Land,2016,Ben Ode,The Daily Screen,,2016-12-09,ten,,"=1+1",,"Hm, well."'


def test_the_preview_offers_to_import_the_valid_rows_or_cancel(editor_client, film):
    preview = upload(editor_client, GOOD, BAD)
    page = preview.content.decode()
    assert 'value="Import the 1 valid row"' in page
    assert 'value="Cancel"' in page
    assert "Download the invalid line as CSV" in page
    assert not Review.objects.exists()  # nothing before the editor chooses

    editor_client.post(reverse(IMPORT_URL), {"token": preview.context["token"], "confirm": "1"})
    assert list(Review.objects.values_list("critic__name", flat=True)) == ["Ana Ruiz"]


def test_the_invalid_lines_download_as_csv_with_their_errors(editor_client, film):
    preview = upload(editor_client, GOOD, BAD)
    response = editor_client.post(
        reverse(IMPORT_URL), {"token": preview.context["token"], "download_invalid": "1"}
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="reviews-to-fix-' in response["Content-Disposition"]
    (row,) = csv.DictReader(io.StringIO(response.content.decode()))
    assert list(row) == [*HEADER.split(","), "errors"]
    assert (row["critic"], row["rating"], row["text"]) == ("Ben Ode", "ten", "Hm, well.")
    assert row["headline"] == "'=1+1"
    assert row["errors"].startswith('rating "ten": not a rating this site can read')
    assert not Review.objects.exists()


def test_cancel_writes_nothing_and_forgets_the_upload(editor_client, film, tmp_path):
    preview = upload(editor_client, GOOD)
    assert list((tmp_path / "uploads").iterdir())
    done = editor_client.post(
        reverse(IMPORT_URL), {"token": preview.context["token"], "cancel": "1"}, follow=True
    )
    assert "Import cancelled; nothing was written." in done.content.decode()
    assert not list((tmp_path / "uploads").iterdir())
    assert not Review.objects.exists()


def test_lines_that_became_invalid_since_the_preview_are_shown_not_skipped(editor_client, film):
    preview = upload(editor_client, GOOD, BAD)
    # Meanwhile someone enters Ana Ruiz's review differently in the admin.
    ana = factories.critic(name="Ana Ruiz")
    paper = factories.publication(name="The Daily Screen")
    factories.review(film=film, critic=ana, publication=paper, rating="1/4")
    again = editor_client.post(
        reverse(IMPORT_URL), {"token": preview.context["token"], "confirm": "1"}
    )
    page = again.content.decode()
    assert "The catalogue changed since the preview" in page
    assert "Ana Ruiz&#x27;s review of &#x27;La La Land&#x27; (2016)" in page
    assert Review.objects.count() == 1  # only the one entered in the admin


def test_a_file_that_cannot_be_read_is_refused_on_the_form(editor_client, film):
    response = editor_client.post(
        reverse(IMPORT_URL),
        {"file": SimpleUploadedFile("r.csv", b"film,critic\nHeat,Ana\n", "text/csv")},
    )
    assert "line 1: missing required columns: publication, date" in response.content.decode()
    assert "token" not in response.context


def test_a_tampered_or_expired_token_imports_nothing(editor_client, film):
    preview = upload(
        editor_client, "La La Land,2016,Ana Ruiz,The Daily Screen,,2016-12-09,3/4,,,,Fine."
    )
    token = preview.context["token"]
    response = editor_client.post(
        reverse(IMPORT_URL), {"token": token[:-2] + "xx", "confirm": "1"}, follow=True
    )
    assert "That preview has expired; upload the file again." in response.content.decode()
    assert not Review.objects.exists()


def test_another_editor_cannot_confirm_someone_elses_upload(editor_client, client, film):
    preview = upload(
        editor_client, "La La Land,2016,Ana Ruiz,The Daily Screen,,2016-12-09,3/4,,,,Fine."
    )
    client.force_login(factories.editor("second-editor"))
    client.post(reverse(IMPORT_URL), {"token": preview.context["token"], "confirm": "1"})
    assert not Review.objects.exists()


def test_non_editors_are_refused(staff_client, film):
    assert staff_client.get(reverse(IMPORT_URL)).status_code == 403
    response = upload(
        staff_client, "La La Land,2016,Ana Ruiz,The Daily Screen,,2016-12-09,3/4,,,,Fine."
    )
    assert response.status_code == 403
    assert not Review.objects.exists()


def test_export_action_downloads_the_selected_reviews(editor_client, film):
    chosen = factories.review(film=film, headline="=cmd|' /C calc'!A0", rating="B+")
    factories.review(film=film, headline="Not selected")
    response = editor_client.post(
        reverse("admin:critics_review_changelist"),
        {"action": "export_selected_csv", "_selected_action": [chosen.pk]},
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="reviews-')
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(row["film"], row["rating"]) for row in rows] == [("La La Land", "B+")]
    assert rows[0]["headline"] == "'=cmd|' /C calc'!A0"


def test_export_action_is_in_the_action_menu(editor_client, film):
    factories.review(film=film)
    response = editor_client.get(reverse("admin:critics_review_changelist"))
    assert "Export selected reviews as CSV" in response.content.decode()
