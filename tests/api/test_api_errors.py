"""The API's errors: JSON 404s for unknown paths and slugs, a 422 that says what is wrong,
and every error named in the schema with the shape the API really sends."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db

UNKNOWN_PATH = {"detail": "No API endpoint at this path. The endpoints are listed at /api/docs."}


def get_json(client, url, status):
    response = client.get(url)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


@pytest.mark.parametrize(
    "url",
    [
        "/api/",
        "/api/nothing-here/",
        "/api/films/la-la-land/cast/",
        "/api/reviews/1/",
        "/api/openapi.yaml",
        "/api/docs/extra/",
    ],
)
def test_unknown_api_path_is_a_json_404(client, url):
    assert get_json(client, url, status=404) == UNKNOWN_PATH


@pytest.mark.parametrize(
    "url", ["/api/films/%00/", "/api/search/?q=la%00la", "/api/reviews/?film=a%00"]
)
def test_a_nul_in_an_api_address_is_a_json_400(client, url):
    assert get_json(client, url, status=400) == {"detail": "This address cannot be read."}


def test_a_forged_host_on_the_api_is_a_json_400(client):
    response = client.get("/api/films/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert response.json() == {"detail": "This address cannot be read."}


def test_readers_still_get_the_html_404_page(client):
    response = client.get("/nothing-here/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_an_endpoint_without_its_slash_redirects_to_it(client):
    response = client.get("/api/reviews")
    assert response.status_code == 301
    assert response["Location"] == "/api/reviews/"


def test_the_docs_and_schema_still_answer(client):
    assert client.get("/api/docs").status_code == 200
    assert client.get("/api/openapi.json").status_code == 200


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/api/publications/nowhere/", "No publication with the slug 'nowhere'."),
        ("/api/people/nobody/", "No person with the slug 'nobody'."),
        ("/api/news/no-story/", "No article with the slug 'no-story'."),
    ],
)
def test_unknown_slug_is_a_json_404(client, url, message):
    assert get_json(client, url, status=404) == {"detail": message}


def test_a_search_longer_than_200_characters_is_a_422_that_says_so(client):
    detail = get_json(client, "/api/search/?q=" + "a" * 201, status=422)["detail"]
    assert detail == [
        {
            "type": "string_too_long",
            "loc": ["query", "q"],
            "msg": "String should have at most 200 characters",
            "ctx": {"max_length": 200},
        }
    ]
    assert get_json(client, "/api/search/?q=" + "a" * 200, status=200)["films"] == []


def test_a_page_size_of_zero_is_a_422_naming_the_parameter(client):
    detail = get_json(client, "/api/people/?page_size=0", status=422)["detail"]
    assert detail[0]["loc"] == ["query", "page_size"]
    assert "greater than or equal to 1" in detail[0]["msg"]


def test_every_operation_documents_its_errors_by_name(client):
    schema = get_json(client, "/api/openapi.json", status=200)
    for path, operations in schema["paths"].items():
        responses = operations["get"]["responses"]
        expected = {"200", "400", "422", "429"} | ({"404"} if "{slug}" in path else set())
        assert set(responses) == expected, path
        for status, name in [
            ("400", "BadRequest"),
            ("404", "NotFound"),
            ("422", "ValidationError"),
        ]:
            if status in responses:
                ref = responses[status]["content"]["application/json"]["schema"]["$ref"]
                assert ref == f"#/components/schemas/{name}", path
        ref = responses["429"]["content"]["application/json"]["schema"]["$ref"]
        assert ref == "#/components/schemas/TooManyRequests"


def test_schema_component_names_explain_themselves(client):
    names = set(get_json(client, "/api/openapi.json", status=200)["components"]["schemas"])
    assert "Input" not in names
    assert {"PageQuery", "ReviewFilters", "ValidationProblem", "SearchResults"} <= names
    assert {"PagedReviewOut", "PagedCriticSummary", "PagedArticleSummary"} <= names


def test_the_422_shape_in_the_schema_is_the_one_sent(client):
    components = get_json(client, "/api/openapi.json", status=200)["components"]["schemas"]
    problem = components["ValidationProblem"]
    assert set(problem["required"]) == {"type", "loc", "msg"}
    sent = get_json(client, "/api/films/?page=0", status=422)["detail"][0]
    assert set(sent) <= set(problem["properties"])


@override_settings(API_RATE_LIMIT="1/m")
def test_the_429_is_the_documented_json(client):
    client.get("/api/people/")
    refused = get_json(client, "/api/news/", status=429)
    assert set(refused) == {"detail"}
    assert refused["detail"].startswith("Too many requests. Try again in ")
