"""Pages of a list: `count`, absolute `next` and `previous` links, and the page's `items`."""

from math import ceil
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase, paginate

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Far beyond any real page, and small enough that the page's OFFSET fits PostgreSQL's
# bigint: a larger page number would be a server error, not an empty page.
MAX_PAGE = 1_000_000


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="The page, from 1.")
    page_size: int | None = Field(
        None,
        ge=1,
        description=f"Items per page: {PAGE_SIZE} when not given; above {MAX_PAGE_SIZE} "
        f"is treated as {MAX_PAGE_SIZE}.",
    )


class LinkedPages(PaginationBase):
    """Page numbers, with links a client follows instead of building addresses itself."""

    # Named in the schema as PageQuery, not ninja's "Input" (the base declares its own class).
    Input = PageQuery  # type: ignore[assignment]

    class Output(Schema):
        count: int = Field(description="Items in the whole list, on every page.")
        next: str | None = Field(description="The next page's address; null on the last page.")
        previous: str | None = Field(
            description="The previous page's address (the last page, from beyond it); "
            "null on the first page."
        )
        items: list[Any]

    def paginate_queryset(
        self, queryset: QuerySet, pagination: PageQuery, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        size = min(pagination.page_size or PAGE_SIZE, MAX_PAGE_SIZE)
        page = pagination.page
        count = self._items_count(queryset)
        last = max(1, ceil(count / size))
        offset = (page - 1) * size
        return {
            "count": count,
            "next": page_link(request, page + 1) if page < last else None,
            "previous": page_link(request, min(page - 1, last)) if page > 1 else None,
            "items": queryset[offset : offset + size],
        }


def page_link(request: HttpRequest, page: int) -> str:
    """This address with another page number, its parameters in the page cache's order
    (by name; page 1 has no number), so that following links reuses cached pages."""
    query = request.GET.copy()
    if page == 1:
        query.pop("page", None)
    else:
        query["page"] = str(page)
    encoded = urlencode(sorted(query.lists()), doseq=True)
    return request.build_absolute_uri(f"{request.path}?{encoded}" if encoded else request.path)


paginated = paginate(LinkedPages)
