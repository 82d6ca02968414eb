"""Schemathesis against the API's own OpenAPI schema: generated requests to every
operation never get a server error, and every answer matches the schema (body and
status code), on the seed data.

schemathesis.pytest.from_fixture does not work with pytest 9 (it reads a removed
private attribute), so each operation's strategy is drawn with Hypothesis directly.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from api import api
from tests import factories

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]
PATHS = sorted(api.get_openapi_schema()["paths"])
SEED_SLUGS = {
    "/api/critics/{slug}/": "james-porter",
    "/api/people/{slug}/": "emma-stone",
    "/api/news/{slug}/": "la-la-land-featurette-behind-the-scenes",
    # The seed names no outlet: the fixture adds one.
    "/api/publications/{slug}/": "the-daily-reel",
}
SEED_QUERIES = {"/api/search/": {"q": "la la land"}}


@pytest.fixture
def api_schema(seed_data):
    factories.publication(name="The Daily Reel", slug="the-daily-reel")
    # A fresh handler: its middleware reads the test settings (no HTTPS redirect). Like
    # Django's test client, it must not close the test's database connection between
    # requests (on PostgreSQL the next request would not see the test's data).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize("path", PATHS)
def test_generated_requests_get_answers_that_match_the_schema(api_schema, path):
    operation = api_schema[path]["GET"]

    @given(case=operation.as_strategy())
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    def request_matches_schema(case):
        case.call_and_validate(checks=CHECKS)

    request_matches_schema()


@pytest.mark.parametrize("path", PATHS)
def test_seed_objects_answer_as_the_schema_says(api_schema, path):
    """Generated slugs are almost never real ones, so the 200 answers are checked here."""
    operation = api_schema[path]["GET"]
    parameters = {"slug": SEED_SLUGS.get(path, "la-la-land")} if "{slug}" in path else {}
    response = operation.Case(
        path_parameters=parameters, query=SEED_QUERIES.get(path)
    ).call_and_validate(checks=CHECKS)
    assert response.status_code == 200
