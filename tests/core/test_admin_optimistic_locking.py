"""Two editors on the same object: the second save is refused with who and when, never lost."""

import json
import sqlite3
import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse

from critics.models import PublishingStatus, Review
from tests import factories
from tests.admin_forms import change_url, load_form, named_editor
from tests.processes import PRODUCTION_ENV, run_django

pytestmark = pytest.mark.django_db

NOT_SAVED = "your changes were not saved. Reload to see theirs."


@pytest.fixture
def alice():
    return named_editor("alice", "Alice", "Archer")


@pytest.fixture
def bob():
    return named_editor("bob", "Bob", "Baker")


def conflict_errors(response) -> list[str]:
    return list(response.context["adminform"].form.non_field_errors())


EDITABLE = [
    pytest.param(lambda: factories.review(headline="Original"), "headline", id="review"),
    pytest.param(lambda: factories.article(title="Original"), "title", id="article"),
    pytest.param(lambda: factories.film(synopsis="Original"), "synopsis", id="film"),
    pytest.param(lambda: factories.person(name="Original"), "name", id="person"),
    pytest.param(lambda: factories.critic(name="Original"), "name", id="critic"),
    pytest.param(lambda: factories.publication(name="Original"), "name", id="publication"),
]


@pytest.mark.parametrize(("make", "field"), EDITABLE)
def test_second_editor_is_refused_and_the_first_editors_save_stays(alice, bob, make, field):
    obj = make()
    alices_form, bobs_form = load_form(alice, obj), load_form(bob, obj)

    alices_form[field] = ["Alice's version"]
    assert alice.post(change_url(obj), alices_form).status_code == 302

    bobs_form[field] = ["Bob's version"]
    response = bob.post(change_url(obj), bobs_form)

    assert response.status_code == 200
    [error] = conflict_errors(response)
    assert error.startswith("Someone else (Alice Archer, ")
    assert f"saved this {obj._meta.verbose_name} while you were editing it; {NOT_SAVED}" in error
    assert NOT_SAVED in response.content.decode()
    obj.refresh_from_db()
    assert getattr(obj, field) == "Alice's version"


def test_the_conflict_names_the_time_of_the_other_save(alice, bob):
    review = factories.review(headline="Original")
    bobs_form = load_form(bob, review)
    alice.post(change_url(review), load_form(alice, review) | {"headline": ["Alice's"]})
    review.refresh_from_db()

    [error] = conflict_errors(bob.post(change_url(review), bobs_form | {"headline": ["Bob's"]}))

    assert f"{review.updated_at:%Y}" in error and f"{review.updated_at:%-d %b}" in error


def test_resubmitting_a_refused_form_is_refused_again_until_reloaded(alice, bob):
    review = factories.review(headline="Original")
    bobs_form = load_form(bob, review)
    alice.post(change_url(review), load_form(alice, review) | {"headline": ["Alice's"]})
    refused = bob.post(change_url(review), bobs_form | {"headline": ["Bob's"]})
    assert conflict_errors(refused)

    again = bob.post(change_url(review), bobs_form | {"headline": ["Bob's"]})
    assert conflict_errors(again)

    reloaded = load_form(bob, review) | {"headline": ["Bob's, after reading Alice's"]}
    assert bob.post(change_url(review), reloaded).status_code == 302
    review.refresh_from_db()
    assert review.headline == "Bob's, after reading Alice's"


def test_one_editor_saving_twice_in_a_row_is_not_a_conflict(alice):
    review = factories.review(headline="First")
    form = load_form(alice, review) | {"headline": ["Second"], "_continue": ["1"]}
    assert alice.post(change_url(review), form).status_code == 302

    form = load_form(alice, review) | {"headline": ["Third"]}
    assert alice.post(change_url(review), form).status_code == 302

    review.refresh_from_db()
    assert review.headline == "Third"


def test_a_form_posted_without_the_version_is_saved_as_before(alice):
    publication = factories.publication(name="Old name")
    form = load_form(alice, publication) | {"name": ["New name"]}
    del form["loaded_version"]

    assert alice.post(change_url(publication), form).status_code == 302
    publication.refresh_from_db()
    assert publication.name == "New name"


def test_publishing_from_the_form_works_and_an_open_form_then_sees_the_conflict(alice, bob):
    review = factories.review(status=PublishingStatus.SUBMITTED, headline="Ready")
    bobs_form = load_form(bob, review)

    alices_form = load_form(alice, review) | {"_workflow": ["publish"]}
    assert alice.post(change_url(review), alices_form).status_code == 302
    review.refresh_from_db()
    assert review.status == PublishingStatus.PUBLISHED

    response = bob.post(change_url(review), bobs_form | {"headline": ["Bob's"]})
    assert "Someone else (Alice Archer, " in conflict_errors(response)[0]
    review.refresh_from_db()
    assert review.headline == "Ready"


@pytest.mark.parametrize(
    ("action", "before", "after"),
    [
        ("publish_selected", PublishingStatus.SUBMITTED, PublishingStatus.PUBLISHED),
        ("withdraw_selected", PublishingStatus.PUBLISHED, PublishingStatus.WITHDRAWN),
    ],
)
def test_publish_and_withdraw_actions_are_unaffected(alice, action, before, after):
    reviews = [factories.review(status=before) for _ in range(2)]
    response = alice.post(
        reverse("admin:critics_review_changelist"),
        {"action": action, "_selected_action": [r.pk for r in reviews]},
        follow=True,
    )
    assert "2 items were" in response.content.decode()
    assert {r.status for r in Review.objects.filter(pk__in=[r.pk for r in reviews])} == {after}


def test_restoring_an_old_revision_checks_the_current_version(alice, bob):
    review = factories.review(headline="First")
    alice.post(change_url(review), load_form(alice, review) | {"headline": ["Second"]})
    first = review.history.order_by("history_date").first()
    restore_url = reverse("admin:critics_review_simple_history", args=[review.pk, first.history_id])

    bobs_restore = load_form(bob, review, restore_url, "historicalreview_form")
    alice.post(change_url(review), load_form(alice, review) | {"headline": ["Third"]})
    refused = bob.post(restore_url, bobs_restore)
    assert NOT_SAVED in refused.content.decode()
    review.refresh_from_db()
    assert review.headline == "Third"

    assert (
        bob.post(
            restore_url, load_form(bob, review, restore_url, "historicalreview_form")
        ).status_code
        == 302
    )
    review.refresh_from_db()
    assert review.headline == "First"


def test_a_view_only_page_shows_no_version_row(client):
    from django.contrib.auth.models import Permission

    user = get_user_model().objects.create_user("viewer", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_publication"))
    client.force_login(user)
    publication = factories.publication()

    content = client.get(change_url(publication)).content.decode()

    assert "loaded_version" not in content and "Loaded version" not in content


def save_at_the_same_moment(barrier, client, url, form, results):
    barrier.wait()
    results.append((client.post(url, form).status_code, form["synopsis"][0]))
    connection.close()


@pytest.mark.postgres(reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_cannot_both_pass():
    film = factories.film(synopsis="Original")
    editors = [named_editor(f"editor{n}", f"Editor{n}", "Smith") for n in range(2)]
    for round_number in range(10):
        forms = [
            load_form(client, film) | {"synopsis": [f"Round {round_number} by {n}"]}
            for n, client in enumerate(editors)
        ]
        barrier, results = threading.Barrier(len(editors)), []
        threads = [
            threading.Thread(
                target=save_at_the_same_moment,
                args=(barrier, client, change_url(film), form, results),
            )
            for client, form in zip(editors, forms, strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert sorted(status for status, _ in results) == [200, 302], results
        [winner] = [synopsis for status, synopsis in results if status == 302]
        film.refresh_from_db()
        assert film.synopsis == winner


# Run in its own process on a database file: the suite's SQLite database lives in memory,
# where connections share one cache and never wait for each other's locks.
SAVES_AT_ONCE_ON_SQLITE = """
import json, threading, django
django.setup()
from django.db import connection
from django.test.utils import setup_test_environment
from tests import factories
from tests.admin_forms import change_url, load_form, named_editor

setup_test_environment()
review = factories.review(headline="Original")
editors = [named_editor(f"editor{n}", f"Editor{n}", "Smith") for n in range(2)]
rounds = []
for round_number in range(8):
    forms = [
        load_form(client, review) | {"headline": [f"Round {round_number} by {n}"]}
        for n, client in enumerate(editors)
    ]
    barrier, results = threading.Barrier(2), []

    def save(client, form):
        barrier.wait()
        response = client.post(change_url(review), form)
        results.append([response.status_code, form["headline"][0], response.content.decode()])
        connection.close()

    threads = [threading.Thread(target=save, args=pair) for pair in zip(editors, forms)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    review.refresh_from_db()
    rounds.append({"results": results, "stored": review.headline})
print(json.dumps(rounds))
"""


@pytest.mark.slow
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own locking")
@pytest.mark.django_db(transaction=True)  # nothing held open while its tables are copied
def test_two_simultaneous_saves_on_sqlite_give_the_conflict_message_not_the_outage_page(
    tmp_path,
):
    database = tmp_path / "db.sqlite3"
    # The test database's tables, copied to a file (faster than migrating a new one).
    connection.ensure_connection()
    with sqlite3.connect(database) as copy:
        connection.connection.backup(copy)
    copy.close()
    result = run_django(
        SAVES_AT_ONCE_ON_SQLITE,
        {
            **PRODUCTION_ENV,
            "DJANGO_SETTINGS_MODULE": "reviews_site.settings",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_ALLOWED_HOSTS": "testserver",
            "DATABASE_URL": f"sqlite:///{database}",
        },
    )
    assert result.returncode == 0, result.stderr[-3000:]
    for saves in json.loads(result.stdout.splitlines()[-1]):
        statuses = sorted(status for status, _, _ in saves["results"])
        assert statuses == [200, 302], statuses  # 503: the outage page
        [(_, winner, _)] = [save for save in saves["results"] if save[0] == 302]
        [(_, _, refused_page)] = [save for save in saves["results"] if save[0] == 200]
        assert "Someone else (Editor" in refused_page and NOT_SAVED in refused_page
        assert saves["stored"] == winner
