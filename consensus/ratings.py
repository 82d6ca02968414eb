"""Turn a critic's rating as printed ("3/4", "B+", "★★★½") into a 0-100 score."""

import re
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import NamedTuple

__all__ = [
    "DEFAULT_STAR_SCALE",
    "LETTER_GRADES",
    "Conversion",
    "RatingError",
    "explain_rating",
    "parse_rating",
]

DEFAULT_STAR_SCALE = 5

# Limits that keep hostile input ("1e999999", thousands of digits) cheap and finite.
MAX_TEXT_LENGTH = 100
MAX_WHOLE_DIGITS = 6

# Metacritic's letter-grade conversion table, from its FAQ / about page
# "How we create the Metascore magic" (metacritic.com/about-metascores).
LETTER_GRADES: dict[str, int] = {
    "a+": 100,
    "a": 100,
    "a-": 91,
    "b+": 83,
    "b": 75,
    "b-": 67,
    "c+": 58,
    "c": 50,
    "c-": 42,
    "d+": 33,
    "d": 25,
    "d-": 16,
    "f": 0,
}

_VULGAR_FRACTIONS = {"½": Decimal("0.5"), "¼": Decimal("0.25"), "¾": Decimal("0.75")}

_LOOKALIKES = str.maketrans(
    {
        "\u2212": "-",  # minus sign
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2044": "/",  # fraction slash
        "\u2215": "/",  # division slash
        "\u2b50": "★",  # star emoji
    }
)

_NUMBER = r"-?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)"
# A rating's value: a mixed number ("3 1/2"), a vulgar fraction ("3½", "½") or a plain number.
_VALUE = rf"(?:-?[0-9]+\s+(?:1/2|1/4|3/4)|-?(?:[0-9]+\s*)?[½¼¾]|{_NUMBER})"

_GRADE_RE = re.compile(r"(?P<letter>[abcdf])\s*(?P<sign>[+-]?)")
_STAR_SYMBOLS_RE = re.compile(r"(?P<full>[★*]*)(?P<half>½|1/2)?(?P<hollow>☆*)")
_FRACTION_RE = re.compile(
    rf"(?P<value>{_VALUE})\s*(?:stars?\s*)?(?:/|(?:out\s+)?of)\s*(?P<scale>{_NUMBER})\s*(?:stars?)?"
)
_STAR_WORD_RE = re.compile(rf"(?P<value>{_VALUE})\s*stars?")
_BARE_RE = re.compile(rf"(?P<value>{_VALUE})")

_MIXED_NUMBER_RE = re.compile(r"(?P<whole>[0-9]+)\s+(?P<num>[13])/(?P<den>[24])")
_WITH_VULGAR_RE = re.compile(r"(?P<whole>[0-9]*)\s*(?P<part>[½¼¾])")

_ONE_PLACE = Decimal("0.1")


class RatingError(ValueError):
    """A rating that cannot be turned into a score; the message says why, for an editor."""


# The rules, in the order they are tried.
LETTER_GRADE = "letter grade"
DRAWN_STARS = "drawn stars"
STARS = "stars"
PUBLICATION_STARS = "stars on the publication's scale"
FRACTION = "value out of its own scale"
BARE_NUMBER = "bare number on the publication's scale"


class Conversion(NamedTuple):
    """How one rating became its score: the rule that read it, and what it read."""

    score: Decimal
    rule: str  # one of the rule names below
    value: str  # the rating's value as read: "3.5", or the grade "B+"
    scale: Decimal | None  # the top of the scale it was read on; None for a letter grade

    @property
    def explanation(self) -> str:
        """The rule in words, with the arithmetic: "3 out of 4 → 3 ÷ 4 × 100 = 75.0"."""
        score = f"{self.score}"
        if self.scale is None:
            return f"letter grade {self.value} → {score} (Metacritic's table)"
        scale = _plain(self.scale)
        arithmetic = f"{self.value} ÷ {scale} × 100 = {score}"
        return {
            FRACTION: f"{self.value} out of {scale} → {arithmetic}",
            STARS: f"{self.value} stars out of {scale} → {arithmetic}",
            PUBLICATION_STARS: (
                f"{self.value} stars out of {scale} (the publication's scale) → {arithmetic}"
            ),
            DRAWN_STARS: f"{self.value} of {scale} stars drawn → {arithmetic}",
            BARE_NUMBER: f"{self.value} on the publication's scale of {scale} → {arithmetic}",
        }[self.rule]


def parse_rating(text: str, *, scale: Decimal | int | None = None) -> Decimal | None:
    """Return the rating in ``text`` as a 0-100 score with one decimal place.

    Blank text means "no rating" and gives ``None``. ``scale`` is the publication's
    declared scale, used for bare numbers and for stars without a scale of their own.
    Anything unreadable or impossible raises :class:`RatingError`.
    """
    conversion = explain_rating(text, scale=scale)
    return None if conversion is None else conversion.score


def explain_rating(text: str, *, scale: Decimal | int | None = None) -> Conversion | None:
    """parse_rating's score with the rule that produced it; None for blank text.

    parse_rating is this function's score, so the rule named is always the one applied.
    """
    stripped = text.strip()
    if not stripped:
        return None
    shown = _shorten(stripped)
    if len(stripped) > MAX_TEXT_LENGTH:
        raise RatingError(f'"{shown}": too long to be a rating')

    normal = stripped.translate(_LOOKALIKES).lower()
    normal = re.sub(r"(?<=[0-9]),(?=[0-9])", ".", normal)

    if match := _GRADE_RE.fullmatch(normal):
        grade = match["letter"].upper() + match["sign"]
        return Conversion(
            _grade_score(match["letter"], match["sign"], shown), LETTER_GRADE, grade, None
        )
    if (match := _STAR_SYMBOLS_RE.fullmatch(re.sub(r"\s+", "", normal))) and (
        match["full"] or match["hollow"]
    ):
        return _star_symbols(match, shown, scale)
    if match := _FRACTION_RE.fullmatch(normal):
        value = _value(match["value"], shown)
        of = _scale(match["scale"], shown)
        return _linear(FRACTION, value, match["value"], of, shown)
    if match := _STAR_WORD_RE.fullmatch(normal):
        value = _value(match["value"], shown)
        rule = STARS if scale is None else PUBLICATION_STARS
        return _linear(rule, value, match["value"], _star_scale(scale, shown), shown)
    if match := _BARE_RE.fullmatch(normal):
        value = _value(match["value"], shown)
        if scale is None:
            raise RatingError(f'"{shown}": a bare number needs the publication\'s rating scale')
        of = _declared_scale(scale, shown)
        return _linear(BARE_NUMBER, value, match["value"], of, shown)
    raise RatingError(f'"{shown}": not a rating this site can read (try "3/4", "B+", "3.5 stars")')


def _linear(rule: str, value: Decimal, value_shown: str, scale: Decimal, shown: str) -> Conversion:
    score = _linear_score(value, value_shown, scale, shown)
    return Conversion(score, rule, _plain(value), scale)


def _plain(number: Decimal) -> str:
    """3.50 as "3.5", 10 as "10" (never "1E+1")."""
    return f"{number.normalize():f}"


def _grade_score(letter: str, sign: str, shown: str) -> Decimal:
    grade = letter + sign
    if grade not in LETTER_GRADES:
        raise RatingError(f'"{shown}": the grade F has no plus or minus on the grade table')
    return Decimal(LETTER_GRADES[grade]).quantize(_ONE_PLACE)


def _star_symbols(match: re.Match[str], shown: str, scale: Decimal | int | None) -> Conversion:
    full, hollow = len(match["full"]), len(match["hollow"])
    half = 1 if match["half"] else 0
    value = Decimal(full) + Decimal(half) / 2
    if hollow:
        # Drawn-out stars ("★★★☆☆") carry their own scale: every position counts.
        return _linear(DRAWN_STARS, value, str(value), Decimal(full + half + hollow), shown)
    rule = STARS if scale is None else PUBLICATION_STARS
    return _linear(rule, value, str(value), _star_scale(scale, shown), shown)


def _star_scale(scale: Decimal | int | None, shown: str) -> Decimal:
    if scale is None:
        return Decimal(DEFAULT_STAR_SCALE)
    return _declared_scale(scale, shown)


def _value(token: str, shown: str) -> Decimal:
    negative = token.startswith("-")
    body = token.removeprefix("-")
    if match := _MIXED_NUMBER_RE.fullmatch(body):
        whole = _number(match["whole"], shown)
        value = whole + Decimal(int(match["num"])) / Decimal(int(match["den"]))
    elif match := _WITH_VULGAR_RE.fullmatch(body):
        whole = _number(match["whole"], shown) if match["whole"] else Decimal(0)
        value = whole + _VULGAR_FRACTIONS[match["part"]]
    else:
        value = _number(body, shown)
    if negative and value:
        raise RatingError(f'"{shown}": the rating {_shorten(token)} is below zero')
    return value


def _scale(token: str, shown: str) -> Decimal:
    value = _number(token.removeprefix("-"), shown)
    if token.startswith("-") or not value:
        raise RatingError(f'"{shown}": the scale {_shorten(token)} must be above zero')
    return value


def _number(digits: str, shown: str) -> Decimal:
    whole = digits.partition(".")[0].lstrip("0")
    if len(whole) > MAX_WHOLE_DIGITS:
        raise RatingError(f'"{shown}": the number {_shorten(digits)} is too large to be a rating')
    return Decimal(digits)


def _declared_scale(scale: Decimal | int, shown: str) -> Decimal:
    if isinstance(scale, bool) or not isinstance(scale, int | Decimal):
        raise TypeError(f"scale must be a Decimal or an int, not {type(scale).__name__}")
    value = Decimal(scale)
    if not value.is_finite():
        raise RatingError(f'"{shown}": the publication\'s rating scale {value} is not a number')
    if value <= 0:
        raise RatingError(
            f'"{shown}": the publication\'s rating scale {_shorten(str(value))} must be above zero'
        )
    if value >= 10**MAX_WHOLE_DIGITS:
        raise RatingError(f'"{shown}": the publication\'s rating scale is too large to be real')
    return value


def _linear_score(value: Decimal, value_shown: str, scale: Decimal, shown: str) -> Decimal:
    if value > scale:
        raise RatingError(
            f'"{shown}": the rating {_shorten(value_shown)} is above its scale of {scale}'
        )
    with localcontext(prec=28):
        score = (value * 100 / scale).quantize(_ONE_PLACE, rounding=ROUND_HALF_UP)
    return abs(score)  # never "-0.0"


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
