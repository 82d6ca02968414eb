"""Scheduled reviews count in their film's consensus the moment they go live, with no job.

A film's consensus row says when its next scheduled review goes live (next_change_at).
Before any GET is answered, rows whose moment has passed are rebuilt
(refresh_due_consensus: one indexed query when none is due, as it nearly always is), so
every page and API answer, and any new one, sees current figures without asking.

It runs just before the view (process_view), so a page served by the page cache costs
nothing; the cache's content version ends when scheduled content goes live
(core/content_version.py), so the first reader after that reaches the view and this.

Not a deferred task: Django's built-in task backends cannot run anything later without
a worker (ImmediateBackend refuses run_after, DummyBackend never runs a task), and the
figures must be right the moment the review is public whatever the backend.
"""

from critics.services.consensus import refresh_due_consensus

SAFE_METHODS = frozenset({"GET", "HEAD"})
# Load balancers' probe must stay one SELECT 1 and answer while the database is down.
# Sitemaps and robots.txt show no figures (a review going live joins the sitemap by its
# own publish time), so crawlers' requests skip the query.
EXEMPT_URL_NAMES = frozenset(
    {
        "healthz",
        "robots",
        "django.contrib.sitemaps.views.index",
        "django.contrib.sitemaps.views.sitemap",
    }
)


class ScheduledConsensusMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in SAFE_METHODS and (
            request.resolver_match is None
            or request.resolver_match.url_name not in EXEMPT_URL_NAMES
        ):
            refresh_due_consensus()
