"""Addresses holding a NUL character get a readable 400 page, never a server error."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/films/?tag=%00",
        "/films/?year=20%0016",
        "/search/?q=la%00la",
        "/films/la-la-land%00/",
    ],
)
def test_a_nul_in_the_address_gets_a_400_page(client, seed_data, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "This address cannot be read" in response.content.decode()


@pytest.mark.django_db
def test_a_percent_sign_that_is_not_a_nul_still_searches(client, seed_data):
    # "%2500" is the text "%00" typed into the search box, not a NUL character.
    response = client.get("/search/?q=%2500")
    assert response.status_code == 200
    assert "Nothing found for “%00”" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/films/", "/search/?q=x", "/no-such-page/"])
def test_a_forged_host_header_gets_a_400_page(client, seed_data, url):
    # The error pages build absolute links from the host: they must not fail on it too.
    response = client.get(url, HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "This address cannot be read" in response.content.decode()
