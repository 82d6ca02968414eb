"""One CSV record to typed values, checking everything that needs no database."""

import datetime
import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from consensus.verdicts import parse_verdict
from critics.importer.csv_format import COLUMNS, MAX_LENGTHS, CsvRecord
from critics.models import Review

_BOOLEANS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_YEAR = re.compile(r"[0-9]{4}")
# The same bounds as the catalogue's film_release_year_plausible constraint.
YEARS = range(1870, 2201)
_url_validator = URLValidator(schemes=["http", "https"])
# Where a url's path starts, and what the validator accepts as a path (its own pattern).
_PATH_START = re.compile(r"[/?#]")
_PATH = re.compile(r"(?:[/?#][^\s]*)?")

Source = Review.VerdictSource
# Who can have set a verdict written in the file; "rating" is only ever derived.
CHOSEN_BY = (Source.CRITIC, Source.EDITOR, Source.MODEL)
# A verdict with no source in an aggregator's export is the critic's own fresh/rotten.
DEFAULT_SOURCE = Source.CRITIC


@dataclass(frozen=True)
class ReviewRow:
    line: int
    film: str
    year: int | None
    critic: str  # blank: the publication's unsigned staff
    publication: str
    top_critic: bool | None  # None: the file does not say
    date: datetime.date | None  # None: the source gives no date
    rating: str
    verdict: str | None
    # As written: None when blank. See verdict_source for what a blank means.
    given_source: str | None
    headline: str
    url: str
    text: str

    @property
    def is_unsigned(self) -> bool:
        return not self.critic

    @property
    def verdict_source(self) -> str | None:
        """Who set the row's verdict; None when it has none (a rating's is derived on save)."""
        if not self.verdict:
            return None
        return self.given_source or DEFAULT_SOURCE

    @property
    def film_label(self) -> str:
        return f"'{self.film}' ({self.year})" if self.year else f"'{self.film}'"

    def fingerprint(self) -> str:
        """Identifies the review a row describes, so importing it again adds nothing.

        Names are compared case-insensitively. top_critic is left out, so a row that
        differs from another only there is the same review (a duplicate); a verdict
        source is in only when given, so files from before that column keep theirs.
        """
        parts = [
            " ".join(self.film.casefold().split()),
            str(self.year or ""),
            " ".join(self.critic.casefold().split()),
            " ".join(self.publication.casefold().split()),
            self.date.isoformat() if self.date else "",
            self.rating,
            self.verdict or "",
            self.headline,
            self.url,
            self.text,
        ]
        if self.given_source:
            parts.append(self.given_source)
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def parse_record(record: CsvRecord) -> tuple[ReviewRow | None, list[str]]:
    """The row's values and the list of everything wrong with it (each for one editor fix).

    The row comes back with what could be read even when there are problems (unreadable
    values as None), so the checks that need the catalogue can run on it too and the
    editor sees every problem of a line at once. None only when the values cannot be
    told apart (more values than columns: everything after the stray comma is shifted).
    """
    # Absent optional columns read as blank.
    cells = {name: record.cells.get(name, "").strip() for name in COLUMNS}
    if record.extra_values:
        return None, [
            f"{record.extra_values} more value{'s' if record.extra_values > 1 else ''} "
            "than the header has columns (a missing quote or an unquoted comma?)"
        ]
    errors = []
    values = cells
    for name, limit in MAX_LENGTHS.items():
        if len(cells[name]) > limit:
            errors.append(f"{name} is {len(cells[name]):,} characters long; at most {limit:,}")
            # A value reported as too long is not checked again below.
            values = {**values, name: ""}
    get = values.__getitem__

    if not cells["film"]:
        errors.append("film is blank; every review needs the film's title")
    year = _year(get("year"), errors)
    if not cells["critic"] and not cells["publication"]:
        errors.append(
            "critic and publication are both blank; a review without a critic is "
            "attributed to its publication's staff, so it needs the publication"
        )
    top_critic = _top_critic(get("top_critic"), errors)
    date = _date(get("date"), errors)
    try:
        verdict = parse_verdict(get("verdict"))
    except ValueError as error:
        errors.append(f"verdict {error}")
        verdict = None
        verdict_unreadable = True
    else:
        verdict_unreadable = False
    source = _source(get("verdict_source"), verdict, get("rating"), verdict_unreadable, errors)
    if get("url") and not is_web_address(get("url")):
        errors.append(f"url '{_shorten(get('url'))}' is not a web address (http:// or https://)")
    return ReviewRow(
        line=record.line,
        film=get("film"),
        year=year,
        critic=get("critic"),
        publication=get("publication"),
        top_critic=top_critic,
        date=date,
        rating=get("rating"),
        verdict=verdict.value if verdict else None,
        given_source=source,
        headline=get("headline"),
        url=get("url"),
        text=get("text"),
    ), errors


def is_web_address(url: str) -> bool:
    """Django's URLValidator (http and https) on the url, asked once per site.

    Validating is the largest part of checking a row (docs/performance.md), and a
    file's thousands of urls name a few sites. Without userinfo ("@"), the validator's
    answer depends only on the length, the part up to the path (scheme, host,
    port) and the path's having no whitespace; tests/test_import_url_check.py
    compares the two on generated urls.
    """
    scheme_end = url.find("://")
    if "@" in url or scheme_end < 0 or len(url) > URLValidator.max_length:
        return _validates(url)
    path = _PATH_START.search(url, scheme_end + 3)
    site, rest = (url[: path.start()], url[path.start() :]) if path else (url, "")
    return _site_validates(site) and _PATH.fullmatch(rest) is not None


def _validates(url: str) -> bool:
    try:
        _url_validator(url)
    except ValidationError:
        return False
    return True


@lru_cache(maxsize=4096)
def _site_validates(site: str) -> bool:
    return _validates(site)


def _year(value: str, errors: list[str]) -> int | None:
    if not value:
        return None
    if _YEAR.fullmatch(value) and int(value) in YEARS:
        return int(value)
    errors.append(f"year '{value}' is not a release year (four digits, {YEARS[0]}–{YEARS[-1]})")
    return None


def _top_critic(value: str, errors: list[str]) -> bool | None:
    if not value:
        return None
    try:
        return _BOOLEANS[value.casefold()]
    except KeyError:
        errors.append(f"top_critic '{value}' is not one of true/false, yes/no, 1/0")
        return None


def _date(value: str, errors: list[str]) -> datetime.date | None:
    if not value:
        return None  # the source gives no date: the review is shown without one
    if _DATE.fullmatch(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    errors.append(f"date '{_shorten(value)}' is not a date written YYYY-MM-DD (e.g. 2016-12-09)")
    return None


def _source(value: str, verdict, rating: str, verdict_unreadable: bool, errors) -> str | None:
    if not value:
        return None
    name = value.casefold()
    if name not in Source.values:
        errors.append(
            f"verdict_source '{_shorten(value)}' is not one of "
            f"{', '.join(CHOSEN_BY)} (or rating, for a verdict that comes from the rating)"
        )
        return None
    if name == Source.RATING:
        if verdict is not None:
            errors.append(
                "verdict_source 'rating' is only for a verdict that comes from the rating; "
                f"for a verdict written in the file use {', '.join(CHOSEN_BY)}"
            )
        elif not rating:
            errors.append("verdict_source is 'rating' but the row has no rating")
        return None  # derived on save, as for any rated review without a verdict
    if verdict is None and not verdict_unreadable:
        errors.append(
            f"verdict_source '{name}' says who chose the verdict, but the verdict is blank"
        )
    return name


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
