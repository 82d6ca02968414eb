"""Hostile addresses never crash the site: every public URL pattern and the API answer
arbitrary path values and query strings with a page or a 4xx, never a server error.

The patterns come from the URL resolver, so a new page is fuzzed without editing
this file. Each pattern gets real seed slugs (so the page renders its content) and
hostile ones; query strings mix the parameters the pages read with odd values.
"""

import re
from urllib.parse import quote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from critics.models import Review

# The admin needs a login and has its own tests; everything else is public.
PRIVATE_PREFIXES = ("admin/",)
PARAMETERS = ["page", "page_size", "sort", "ordering", "tag", "year", "q", "format", "limit"]
SEED_SLUGS = ["la-la-land", "james-porter", "emma-stone", "musical", "whiplash"]
# For the explicit examples: a real object at each kind of address.
REAL_SLUGS = {
    "critics/": "james-porter",
    "api/critics/": "james-porter",
    "films/people/": "emma-stone",
    "tags/": "musical",
    "news/": "la-la-land-featurette-behind-the-scenes",
    "sitemap-": "films",
}

# Fragments pasted into query strings as they are: broken or odd percent-encodings.
RAW_FRAGMENTS = [
    "%",
    "%G1",
    "%2",
    "%00",
    "%ED%A0%80",  # a UTF-16 surrogate encoded as UTF-8: invalid UTF-8
    "%FF%FE",
    "%C0%AF",  # an overlong "/"
    "%E2%80%AE",  # right-to-left override
    "&&==&",
    ";",
    "+",
]


def public_routes() -> list[tuple[str, dict]]:
    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern), pattern.pattern.converters

    routes = dict(walk(get_resolver().url_patterns))
    return sorted(
        (route, converters)
        for route, converters in routes.items()
        if not route.startswith(PRIVATE_PREFIXES)
    )


ROUTES = public_routes()

hostile_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1000, max_size=5000),
    st.sampled_from(["\x00", "a\x00b", "<script>", "'; DROP TABLE x;--", "‮", "0", "-1"]),
    st.integers().map(str),
    st.integers(min_value=10**18, max_value=10**40).map(str),
    st.sampled_from(["²", "١٢", "1e9", "1.5", "NaN", " 7", "+3"]),
)
# Bytes percent-encoded one by one: any byte sequence, valid UTF-8 or not.
hostile_bytes = st.binary(max_size=30).map(lambda data: quote(data, safe=""))
encoded_value = st.one_of(
    hostile_text.map(lambda text: quote(text, safe="")),
    hostile_bytes,
    st.sampled_from(RAW_FRAGMENTS),
)
query_string = st.lists(
    st.tuples(st.sampled_from(PARAMETERS) | encoded_value, encoded_value), max_size=4
).map(lambda pairs: "&".join(f"{key}={value}" for key, value in pairs))


def path_value(converter) -> st.SearchStrategy[str]:
    """Values for one path parameter: real ones, valid-looking ones and hostile ones."""
    if isinstance(converter, IntConverter):
        real = st.sampled_from(["1", "2", "4"])
        shaped = st.integers(min_value=0, max_value=10**30).map(str)
    else:
        real = st.sampled_from(SEED_SLUGS)
        shaped = st.from_regex(r"[-a-zA-Z0-9_]{1,60}", fullmatch=True)
    return st.one_of(real, shaped, encoded_value.filter(bool))


def fill(route: str, values: dict) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda match: values[match.group(1)], route)


@pytest.fixture
def seed_reviews(seed_data):
    assert Review.objects.published().count() == 4


@pytest.mark.parametrize(("route", "converters"), ROUTES, ids=[route or "/" for route, _ in ROUTES])
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data(), query=query_string)
@example(data=None, query="page=-1&year=99999999999999999999999&sort=%00&tag=%ED%A0%80")
@example(data=None, query="page=99999999999999999999&q=%FF%FE&ordering=%27&page_size=-5")
@example(data=None, query="tag=%00&q=a%00b&year=%C2%B2")
@example(data=None, query="q=" + "x" * 10_000 + "&tag=%E2%80%AE")
def test_no_address_or_query_string_causes_a_server_error(
    client, seed_reviews, route, converters, data, query
):
    if data is None:  # an explicit example: on a real page
        prefix = max((p for p in REAL_SLUGS if route.startswith(p)), key=len, default="")
        real = REAL_SLUGS.get(prefix, "la-la-land")
        values = {
            name: "1" if isinstance(c, IntConverter) else real for name, c in converters.items()
        }
    else:
        values = {name: data.draw(path_value(c), label=name) for name, c in converters.items()}
    path = fill(route, values)
    response = client.get(path, QUERY_STRING=query)
    assert response.status_code < 500, (path, query)


@pytest.mark.parametrize(
    "path",
    [
        "/films/%00/",
        "/tags/%00/",
        "/tags/a%00b/",
        "/critics/%00/feed/",
        "/api/films/%00/",
        "/api/critics/%ED%A0%80/",
        "/search/%FF/",
        "/%C0%AF/",
    ],
)
def test_hostile_bytes_in_the_path_are_refused_cleanly(client, db, path):
    # A NUL anywhere is refused first (400); otherwise the site's pages answer 404 and
    # the API refuses a malformed slug with a 422.
    expected = 400 if "%00" in path else 422 if path.startswith("/api/") else 404
    assert client.get(path).status_code == expected
