"""The XSS corpus in a real browser: every public page showing a hostile field runs no
payload, reports no CSP violation, opens no dialog, gains no injected element, and
shows the payload as the literal text it is."""

from urllib.parse import urlencode

import pytest

from tests.browser.conftest import RECORD_CSP_VIOLATIONS
from tests.hostile_payloads import INJECTED_ELEMENTS, PAYLOADS, build_hostile_site

LIST_PAGES = ["/", "/films/", "/critics/", "/news/"]
STATE = (
    "() => ({xss: window.__xss === undefined ? null : String(window.__xss),"
    " title: document.title, violations: window.__cspViolations,"
    f" injected: [...document.querySelectorAll({INJECTED_ELEMENTS!r})].map(e => e.outerHTML),"
    " text: document.body.textContent})"
)


@pytest.fixture
def hostile_sites(live_server, transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    return [build_hostile_site(n, payload) for n, payload in enumerate(PAYLOADS)]


def test_no_payload_runs_on_any_public_page(live_server, browser, hostile_sites):
    context = browser.new_context()
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    problems = []

    def visit(path, payload=None):
        page.goto(live_server.url + path, wait_until="load")
        state = page.evaluate(STATE)
        if state["xss"] or state["title"] == "XSS" or state["violations"] or state["injected"]:
            problems.append((path, state["xss"], state["violations"], state["injected"]))
        if payload is not None and payload.strip() not in state["text"]:
            problems.append((path, "payload not shown as text", payload))

    for path in LIST_PAGES:
        visit(path)
    for site in hostile_sites:
        for path in site.urls:
            visit(path, site.payload)
        visit("/search/?" + urlencode({"q": site.payload}), site.payload)
    context.close()
    assert dialogs == []
    assert problems == []
