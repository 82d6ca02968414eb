"""Who may see an unpublished review or article at its public address.

Published items are public. Anything else (draft, submitted, scheduled, withdrawn)
is shown only to those critics.permissions.can_preview allows, or to anyone holding
a valid signed share link (never for withdrawn work: see critics.sharing), and then
as a marked, uncached, unindexed preview. Everyone else gets the same 404 as for an
address that never existed.
"""

from typing import TYPE_CHECKING, Any

from django.http import Http404, HttpRequest
from django.utils.cache import add_never_cache_headers

from critics.permissions import Work, can_preview
from critics.sharing import QUERY_PARAMETER, share_token_allows


def is_preview_or_404(request: HttpRequest, obj: Work | None) -> bool:
    """False for a public item, True for an allowed preview; raises Http404 otherwise."""
    if obj is None:
        raise Http404("Not found")
    if obj.is_public:
        return False
    if can_preview(request.user, obj) or share_token_allows(request.GET.get(QUERY_PARAMETER), obj):
        return True
    raise Http404("Not found")


if TYPE_CHECKING:
    from django.views.generic import DetailView

    # What the mixin is mixed into, so mypy knows request, object and the super() methods.
    _DetailView = DetailView[Any]
else:
    _DetailView = object


class PreviewableMixin(_DetailView):
    """For DetailViews whose get_object() may return unpublished items."""

    is_preview = False

    def get_object(self, queryset=None):
        obj = self.find_object()
        self.is_preview = is_preview_or_404(self.request, obj)
        return obj

    def find_object(self):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            is_preview=self.is_preview, preview_kind=self.object._meta.verbose_name, **kwargs
        )

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if self.is_preview:
            add_never_cache_headers(response)
            response["X-Robots-Tag"] = "noindex"
        return response
