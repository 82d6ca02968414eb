"""The strict CSP leaves the admin and the API docs working (no violations reported)."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.browser.conftest import screenshot

PASSWORD = "a-long-browser-test-password"


def test_admin_works_under_the_strict_policy(site, page):
    get_user_model().objects.create_superuser("csp-editor", "e@example.com", PASSWORD)
    page.goto(site + reverse("admin:login"))
    page.fill("#id_username", "csp-editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**" + reverse("admin:index"))
    for path in (
        reverse("admin:critics_review_changelist"),
        reverse("admin:critics_review_change", args=[1]),
        reverse("admin:films_film_change", args=[1]),
    ):
        page.goto(site + path)
        assert page.locator("#content").is_visible()
    # The admin's own JavaScript runs: the date shortcuts are added by a script file.
    page.locator(".datetimeshortcuts a").first.click()
    screenshot(page, "admin-review-under-csp")


def test_api_docs_render_under_their_narrow_policy(site, page):
    page.goto(site + "/api/docs")
    page.locator(".opblock").first.wait_for()
    page.locator(".opblock-summary").first.click()
    page.locator(".opblock-body").first.wait_for()
    assert page.locator(".opblock").count() >= 5
    screenshot(page, "api-docs-under-csp")
