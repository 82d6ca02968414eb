"""Malformed CSV imports and fixtures leave the database exactly as it was.

tests/critics/test_import_reviews.py checks each import refusal's message; here hostile files
(empty, binary, a 10 MB cell, NUL bytes, an unclosed quote, ...) and broken fixtures
are refused clearly, and a fingerprint of every table (row counts and a checksum of
every value) is the same before and after.
"""

import hashlib
import io
import json

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from critics.models import Review

pytestmark = pytest.mark.django_db

HEADER = "film,year,critic,publication,top_critic,date,rating,verdict,headline,url,text"
GOOD = "La La Land,2016,Ana Ruiz,Variety,,2016-12-09,3/4,,,,Fine."


def database_fingerprint() -> dict[str, tuple[int, str]]:
    """Every table's row count and a checksum of all its values, in primary-key order."""
    fingerprint = {}
    for model in apps.get_models(include_auto_created=True):
        rows = model._default_manager.order_by("pk").values_list()
        digest = hashlib.sha256()
        for row in rows.iterator():
            digest.update(repr(row).encode())
        fingerprint[model._meta.db_table] = (rows.count(), digest.hexdigest())
    return fingerprint


@pytest.fixture
def fingerprint_before(seed_data):
    before = database_fingerprint()
    assert before["critics_review"][0] == 4
    return before


def import_refused(tmp_path, data: bytes, *options) -> str:
    path = tmp_path / "hostile.csv"
    path.write_bytes(data)
    err = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import_reviews", str(path), *options, stdout=io.StringIO(), stderr=err)
    return err.getvalue() + str(refused.value)


def csv_bytes(*lines: str, newline="\n") -> bytes:
    return newline.join([HEADER, *lines, ""]).encode()


HOSTILE_CSV = {
    "empty file": (b"", "line 1: the file is empty"),
    "only blank lines": (b"\n\n\r\n", "line 1: the file is empty"),
    "binary file": (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        "the file is not UTF-8 text",
    ),
    "NUL bytes in a cell": (
        csv_bytes(GOOD, GOOD.replace("Ana Ruiz", "Ben Ode").replace("Fine.", "Fi\x00ne.")),
        "line 3: the file contains a NUL character",
    ),
    "a 10 MB cell": (
        csv_bytes(GOOD, GOOD.replace("Fine.", '"' + "x" * 10_000_000 + '"')),
        "line 3: a value is longer than 131,072 characters",
    ),
    "a quote never closed": (
        csv_bytes(GOOD, GOOD.replace("Fine.", '"Fine.')),
        "line 3: a quoted value starting here is never closed",
    ),
    "latin-1 after good UTF-8 rows": (
        csv_bytes(GOOD) + "La La Land,2016,Zoë,Variety,,2016-12-09,,,,,Hm.\n".encode("latin-1"),
        "line 3: the file is not UTF-8 text (byte 0xeb",
    ),
    "unknown film without --create-films": (
        csv_bytes(GOOD, "Heat,1995,Ben Ode,Variety,,1995-12-15,,,,,Taut."),
        "line 3: no film 'Heat' (year 1995) in the catalogue; use --create-films",
    ),
    "required columns missing": (
        b"film,critic,text\nLa La Land,Ana Ruiz,Fine.\n",
        "line 1: missing required columns: publication, date",
    ),
    "a column twice": (
        b"film,critic,publication,date,date\n",
        "line 1: the column 'date' appears twice",
    ),
    "the same critic twice for one film": (
        csv_bytes(GOOD, GOOD.replace("3/4", "1/4")),
        "line 3: Ana Ruiz already reviews 'La La Land' (2016) in Variety on line 2",
    ),
}


@pytest.mark.parametrize("case", HOSTILE_CSV, ids=list(HOSTILE_CSV))
def test_a_hostile_csv_is_refused_clearly_and_changes_nothing(tmp_path, fingerprint_before, case):
    data, message = HOSTILE_CSV[case]
    report = import_refused(tmp_path, data)
    assert message in report
    assert "othing was imported" in report
    assert database_fingerprint() == fingerprint_before


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["CRLF", "old Mac CR"])
def test_a_utf8_bom_and_other_line_ends_import_normally(tmp_path, seed_data, newline):
    path = tmp_path / "excel.csv"
    path.write_bytes(b"\xef\xbb\xbf" + csv_bytes(GOOD, newline=newline))
    call_command("import_reviews", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert Review.objects.filter(critic__name="Ana Ruiz", body="Fine.").count() == 1


STAMP = "2026-01-01T00:00:00Z"


def film_row(pk: int, slug: str, **fields) -> dict:
    fields = {"title": slug, "slug": slug, "created_at": STAMP, "updated_at": STAMP, **fields}
    return {"model": "films.film", "pk": pk, "fields": fields}


# Each fixture's rows before the broken one are valid: loading must undo them too.
HOSTILE_FIXTURES = {
    "truncated JSON": json.dumps([film_row(901, "fixture-one"), film_row(902, "two")])[:-7],
    "not JSON at all": "\x00\x01 binary \xff",
    "a constraint broken halfway": json.dumps(
        [
            film_row(901, "fixture-one", release_year=2001),
            film_row(902, "fixture-two", release_year=1500),
            film_row(903, "fixture-three"),
        ]
    ),
    "a duplicate slug halfway": json.dumps(
        [film_row(901, "fixture-one"), film_row(902, "la-la-land"), film_row(903, "x")]
    ),
    "a review of a film that does not exist": json.dumps(
        [
            film_row(901, "fixture-one"),
            {
                "model": "critics.review",
                "pk": 901,
                "fields": {
                    "film": 99999,
                    "critic": 1,
                    "status": "draft",
                    "body": "Orphan.",
                    "created_at": STAMP,
                    "updated_at": STAMP,
                },
            },
        ]
    ),
    "an unknown model": json.dumps(
        [film_row(901, "fixture-one"), {"model": "films.nope", "pk": 1}]
    ),
}


@pytest.mark.parametrize("case", HOSTILE_FIXTURES, ids=list(HOSTILE_FIXTURES))
def test_a_malformed_fixture_writes_nothing(tmp_path, fingerprint_before, case):
    path = tmp_path / "hostile.json"
    path.write_text(HOSTILE_FIXTURES[case], encoding="utf-8", errors="surrogateescape")
    with pytest.raises(Exception) as refused:
        call_command("loaddata", str(path), verbosity=0)
    assert "Problem installing fixture" in str(refused.value)
    assert "pk=901" not in str(refused.value), "the valid first row was refused"
    assert database_fingerprint() == fingerprint_before
