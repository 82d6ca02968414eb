"""The method page: every figure explained, its numbers read from the code that applies them."""

import html
import re

import pytest

from consensus.figures import PERCENT_BANDS, SCORE_BANDS
from consensus.method import METHOD_CHANGES, METHOD_VERSION, band_ranges
from consensus.ratings import LETTER_GRADES
from consensus.verdicts import MIXED_FROM, POSITIVE_FROM

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def table(page: str, table_id: str) -> list[tuple[str, str]]:
    body = page.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td></tr>", body)


def test_method_page_shows_the_label_bands_the_code_uses(client):
    page = text(client.get("/method/"))
    assert table(page, "percent-bands") == [
        ("90–100%", "Overwhelmingly positive"),
        ("70–89%", "Mostly positive"),
        ("31–69%", "Divided"),
        ("11–30%", "Mostly negative"),
        ("0–10%", "Overwhelmingly negative"),
    ]
    assert table(page, "score-bands") == [
        (f"{band.low}–{band.high}", band.label) for band in band_ranges(SCORE_BANDS)
    ]
    assert [label for _, label in table(page, "percent-bands")] == [
        label for _, label in PERCENT_BANDS
    ]


def test_method_page_numbers_come_from_the_constants(client, monkeypatch, settings):
    monkeypatch.setattr("public.views.method.PERCENT_BANDS", ((55, "Liked"), (0, "Not liked")))
    monkeypatch.setattr("public.views.method.POSITIVE_FROM", 65)
    monkeypatch.setattr("public.views.method.MIXED_FROM", 35)
    settings.CONSENSUS_MIN_REVIEWS = 7
    page = text(client.get("/method/"))
    assert table(page, "percent-bands") == [("55–100%", "Liked"), ("0–54%", "Not liked")]
    assert "65 or more is positive" in page and "below 35 is negative" in page
    assert 'While fewer than <span class="method-min-reviews">7</span> reviews' in page


def test_method_page_states_the_verdict_thresholds_and_the_grade_table(client):
    page = text(client.get("/method/"))
    assert f"{POSITIVE_FROM} or more is positive" in page
    assert f"from {MIXED_FROM} up to {POSITIVE_FROM} is mixed" in page
    assert f"below {MIXED_FROM} is negative" in page
    grades = re.findall(r"<td>([A-F][+-]?)</td>", page)
    assert grades == [grade.upper() for grade in LETTER_GRADES]
    # Examples worked by the parser, not typed in.
    assert "3 out of 4 → 3 ÷ 4 × 100 = 75.0" in page
    assert "letter grade B+ → 83.0 (Metacritic's table)" in page
    assert "80.5 is “Universal acclaim” and 80.4 is “Generally favorable”" in page


def test_method_page_names_its_version_and_lists_the_changes(client):
    page = text(client.get("/method/"))
    assert f"Method version <strong>{METHOD_VERSION}</strong>" in page
    assert METHOD_CHANGES[0][0] == METHOD_VERSION
    for version, change in METHOD_CHANGES:
        assert f"<dt>{version}</dt><dd>{change}</dd>" in page


def test_footer_links_to_the_method_on_every_page(client, seed_data):
    for url in ("/", "/films/", "/films/la-la-land/", "/method/", "/films/la-la-land/score/"):
        page = text(client.get(url))
        assert '<a href="/method/">the method is public</a>' in page, url


def test_method_page_reads_no_data(client, django_assert_num_queries, settings):
    # Only the middleware's check for consensus due a rebuild; the page itself is code.
    settings.PAGE_CACHE_SECONDS = 0
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "PageCache" not in m]
    with django_assert_num_queries(1):
        assert client.get("/method/").status_code == 200
