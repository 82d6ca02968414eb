"""The import's url check gives Django's URLValidator answer, asked once per site."""

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from hypothesis import example, given, settings
from hypothesis import strategies as st

from critics.importer.fields import is_web_address

django_validator = URLValidator(schemes=["http", "https"])


def django_says(url: str) -> bool:
    try:
        django_validator(url)
    except ValidationError:
        return False
    return True


# Pieces of urls, the troublesome ones included: userinfo, ports, IPv6 brackets,
# whitespace and control characters, non-ASCII hosts, doubled separators.
PIECES = st.sampled_from(
    [
        "http", "https", "ftp", "HTTP", "://", ":", "/", "//", "?", "#", "@", "[", "]",
        "::1", "127.0.0.1", "999.1.1.1", "example", ".com", ".", "-", "xn--bcher-kva",
        "bücher", "localhost", "8080", "99999", " ", "\t", "\n", "\u00a0", "a", "Z", "0",
        "%20", "user", "pass", "~", "é", "-x.org",
    ]
)  # fmt: skip


@pytest.mark.slow
@settings(max_examples=2000, deadline=None)
@given(st.lists(PIECES, max_size=14).map("".join))
@example("https://bench.example/reviews/12345")
@example("http://us?er@host.example/")
@example("https://example.com/a b")
@example("https://example.com:99999/")
@example("https://[::1]:80/x")
@example("https://exa mple.com/")
@example("https://example.com" + "/a" * 1100)
def test_url_check_agrees_with_djangos_validator(url):
    assert is_web_address(url) == django_says(url)


# Shaped like urls, so that most are valid and the near misses are close to valid.
URLS = st.builds(
    "{}{}{}{}{}".format,
    st.sampled_from(["https://", "http://", "ftp://", "https:/", "HTTPS://"]),
    st.sampled_from(["", "user@", "u:p@", "a?b@"]),
    st.sampled_from(["example.com", "xn--bcher-kva.example", "bücher.de", "localhost",
                     "10.0.0.1", "[::1]", "[zz]", "-bad.com", "a" * 64 + ".com", "ex ample.com"]),
    st.sampled_from(["", ":80", ":99999", ":", ":8a"]),
    st.lists(PIECES, max_size=6).map("".join),
)  # fmt: skip


@pytest.mark.slow
@settings(max_examples=2000, deadline=None)
@given(URLS)
def test_url_check_agrees_with_djangos_validator_on_url_shapes(url):
    assert is_web_address(url) == django_says(url)


def test_url_check_agrees_on_many_paths_of_one_site():
    # The site is asked once; each path is still checked.
    site = "https://critics.example"
    for path in ("", "/", "/reviews/1", "/a?b=c#d", "/x y", "?q", "#top", "/\u3000"):
        assert is_web_address(site + path) == django_says(site + path), path
