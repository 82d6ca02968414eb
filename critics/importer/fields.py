"""One CSV record to typed values, checking everything that needs no database."""

import datetime
import hashlib
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from critics.consensus.verdicts import parse_verdict
from critics.importer.csv_format import COLUMNS, MAX_LENGTHS, CsvRecord

_BOOLEANS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_YEAR = re.compile(r"[0-9]{4}")
# The same bounds as the catalogue's film_release_year_plausible constraint.
YEARS = range(1870, 2201)
_url_validator = URLValidator(schemes=["http", "https"])


@dataclass(frozen=True)
class ReviewRow:
    line: int
    film: str
    year: int | None
    critic: str  # blank: the publication's unsigned staff
    publication: str
    top_critic: bool | None  # None: the file does not say
    date: datetime.date
    rating: str
    verdict: str | None
    headline: str
    url: str
    text: str

    @property
    def is_unsigned(self) -> bool:
        return not self.critic

    @property
    def film_label(self) -> str:
        return f"'{self.film}' ({self.year})" if self.year else f"'{self.film}'"

    def fingerprint(self) -> str:
        """Identifies the review a row describes, so importing it again adds nothing.

        Names are compared case-insensitively; top_critic is the critic's, not the review's.
        """
        parts = (
            " ".join(self.film.casefold().split()),
            str(self.year or ""),
            " ".join(self.critic.casefold().split()),
            " ".join(self.publication.casefold().split()),
            self.date.isoformat(),
            self.rating,
            self.verdict or "",
            self.headline,
            self.url,
            self.text,
        )
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def parse_record(record: CsvRecord) -> tuple[ReviewRow | None, list[str]]:
    """The row's values, or the list of what is wrong with it (each for one editor fix)."""
    # Absent optional columns read as blank.
    cells = {name: record.cells.get(name, "").strip() for name in COLUMNS}
    get = cells.__getitem__
    errors = []
    if record.extra_values:
        errors.append(
            f"{record.extra_values} more value{'s' if record.extra_values > 1 else ''} "
            "than the header has columns (a missing quote or an unquoted comma?)"
        )
    for name, limit in MAX_LENGTHS.items():
        if len(get(name)) > limit:
            errors.append(f"{name} is {len(get(name)):,} characters long; at most {limit:,}")
    if errors:
        return None, errors

    if not get("film"):
        errors.append("film is blank; every review needs the film's title")
    year = _year(get("year"), errors)
    if not get("critic") and not get("publication"):
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
    if get("url"):
        try:
            _url_validator(get("url"))
        except ValidationError:
            errors.append(
                f"url '{_shorten(get('url'))}' is not a web address (http:// or https://)"
            )
    if errors:
        return None, errors
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
        headline=get("headline"),
        url=get("url"),
        text=get("text"),
    ), []


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
        errors.append("date is blank; give the date the review appeared, as YYYY-MM-DD")
        return None
    if _DATE.fullmatch(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    errors.append(f"date '{_shorten(value)}' is not a date written YYYY-MM-DD (e.g. 2016-12-09)")
    return None


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
