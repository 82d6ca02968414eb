"""The film page lists each person once, with all they did: "Damien Chazelle — director,
writer", "Emma Stone — Mia", not a line per credit."""

import re

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def credit_lines(client, film) -> list[str]:
    html = client.get(film.get_absolute_url()).content.decode()
    block = re.search(r'<ul class="credits">(.*?)</ul>', html, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", line).strip() for line in re.findall(r"<li>(.*?)</li>", block)]


def test_one_person_with_two_roles_has_one_line(client):
    film = factories.film(title="Whiplash")
    chazelle = factories.person(name="Damien Chazelle")
    factories.credit(film=film, person=chazelle, role="writer")
    factories.credit(film=film, person=chazelle, role="director")
    factories.credit(
        film=film,
        person=factories.person(name="Miles Teller"),
        role="cast",
        character_name="Andrew",
        order=1,
    )
    assert credit_lines(client, film) == [
        "Damien Chazelle — director, writer",
        "Miles Teller — Andrew",
    ]


def test_cast_without_a_character_and_other_jobs_read_plainly(client):
    film = factories.film(title="Heat")
    factories.credit(film=film, person=factories.person(name="Ann Extra"), role="cast")
    factories.credit(
        film=film,
        person=factories.person(name="Dan Lens"),
        role="other",
        job_title="Cinematographer",
    )
    lines = credit_lines(client, film)
    assert lines == ["Ann Extra — cast", "Dan Lens — Cinematographer"]
    assert not any("Cast:" in line for line in lines)
