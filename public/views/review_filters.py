"""The links that narrow and sort a film's reviews: plain links with GET parameters.

No JavaScript and no form: each choice is its own address, which the page cache keeps
(public/page_cache.py declares "show" and "sort" for both pages). A default choice is
left out of the address, so "all, newest first" is the film's plain URL.
"""

from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.http import urlencode

from critics import queries

DEFAULT_SHOW = next(iter(queries.REVIEW_FILTERS))
DEFAULT_SORT = next(iter(queries.REVIEW_SORTS))


@dataclass(frozen=True)
class ReviewChoice:
    """What the reader asked for; anything unknown is the default, never an error."""

    show: str = DEFAULT_SHOW
    sort: str = DEFAULT_SORT

    @classmethod
    def from_request(cls, request: HttpRequest) -> "ReviewChoice":
        show = request.GET.get("show", DEFAULT_SHOW)
        sort = request.GET.get("sort", DEFAULT_SORT)
        return cls(
            show=show if show in queries.REVIEW_FILTERS else DEFAULT_SHOW,
            sort=sort if sort in queries.REVIEW_SORTS else DEFAULT_SORT,
        )

    @property
    def query(self) -> str:
        """ "?show=…&sort=…" without the defaults, or "" for the defaults."""
        params = []
        if self.show != DEFAULT_SHOW:
            params.append(("show", self.show))
        if self.sort != DEFAULT_SORT:
            params.append(("sort", self.sort))
        return f"?{urlencode(params)}" if params else ""

    @property
    def show_label(self) -> str:
        return queries.REVIEW_FILTERS[self.show]

    @property
    def sort_label(self) -> str:
        return queries.REVIEW_SORTS[self.sort]


@dataclass(frozen=True)
class ChoiceLink:
    label: str
    url: str
    current: bool
    count: int | None = None


def review_choice_links(
    path: str, chosen: ReviewChoice, counts: dict[str, int]
) -> dict[str, list[ChoiceLink]]:
    """The filter links (with how many reviews each shows) and the sort links.

    A filter link keeps the sort and a sort link keeps the filter; both go back to the
    first page, since page 3 of one list is not page 3 of another.
    """
    filters = [
        ChoiceLink(
            label=label,
            url=path + ReviewChoice(show=show, sort=chosen.sort).query,
            current=show == chosen.show,
            count=counts[show],
        )
        for show, label in queries.REVIEW_FILTERS.items()
    ]
    sorts = [
        ChoiceLink(
            label=label,
            url=path + ReviewChoice(show=chosen.show, sort=sort).query,
            current=sort == chosen.sort,
        )
        for sort, label in queries.REVIEW_SORTS.items()
    ]
    return {"filters": filters, "sorts": sorts}
