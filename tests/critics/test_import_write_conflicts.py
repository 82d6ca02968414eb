"""A review stored between an import's check and its write: the import is refused whole."""

import pytest

from critics.importer.apply import ImportConflict, apply_plan
from critics.importer.validate import build_plan
from critics.models import Review
from films.models import Film
from tests import factories

pytestmark = pytest.mark.django_db

FILE = (
    b"film,year,critic,publication,date,rating,text\r\n"
    b"Heat,1995,Ana Ruiz,The Daily Screen,1995-12-15,3/4,Taut.\r\n"
    b"Ronin,1998,Ana Ruiz,The Daily Screen,1998-09-25,2/4,Loud.\r\n"
)


def test_a_review_entered_after_the_check_refuses_the_whole_import():
    heat = factories.film(title="Heat", release_year=1995)
    ana = factories.critic(name="Ana Ruiz")
    paper = factories.publication(name="The Daily Screen")
    plan = build_plan(FILE, create_films=True)
    assert len(plan.new) == 2 and not plan.errors
    # Meanwhile an editor enters Ana Ruiz's review of Heat in the admin.
    factories.review(film=heat, critic=ana, publication=paper, rating="1/4", body="Slow.")

    with pytest.raises(ImportConflict, match="Nothing was imported; import the file again"):
        apply_plan(plan)

    assert list(Review.objects.values_list("body", flat=True)) == ["Slow."]
    assert not Film.objects.filter(title="Ronin").exists()  # the film it created, undone
    assert not Review.history.filter(body__in=["Taut.", "Loud."]).exists()
