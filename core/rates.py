"""Rate limit settings such as "30/m", read without Django so settings.py can check them."""

import os
import re
from dataclasses import dataclass
from functools import cache

from django.core.exceptions import ImproperlyConfigured

UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE_PATTERN = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
OFF_WORDS = {"", "0", "off", "none", "false", "no"}


@dataclass(frozen=True)
class Rate:
    limit: int
    window_seconds: int


@cache
def parse_rate(text: str | None) -> Rate | None:
    """ "30/m" -> 30 per minute, "5/10s" -> 5 per ten seconds; "off" -> no limit."""
    if text is None or text.strip().lower() in OFF_WORDS:
        return None
    match = RATE_PATTERN.match(text)
    if not match:
        raise ImproperlyConfigured(
            f"Rate limit {text!r} is not of the form N/unit, e.g. 30/m, 120/m, 5/10s or off."
        )
    count, multiplier, unit = match.groups()
    return Rate(limit=int(count), window_seconds=int(multiplier or 1) * UNIT_SECONDS[unit])


def env_rate(name: str, default: str) -> str:
    """The rate text from the environment, refused at start-up if it is malformed."""
    text = os.environ.get(name, default)
    parse_rate(text)
    return text
