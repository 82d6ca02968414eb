"""The header's search box stops where the search does."""

import re

import pytest

from critics.search import MAX_QUERY_LENGTH

pytestmark = pytest.mark.django_db


def test_the_header_search_box_takes_no_more_than_the_search_reads(client):
    page = client.get("/").content.decode()
    box = re.search(r'<input id="site-search-q"[^>]*>', page).group(0)
    assert f'maxlength="{MAX_QUERY_LENGTH}"' in box
