"""Home, the tags index and tag pages, search, robots.txt and the error pages."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.generic import ListView, TemplateView

from critics import queries
from critics.search import MAX_QUERY_LENGTH, clean_query, search
from critics.search_suggestions import did_you_mean
from public.views.pagination import IndexedPaginator


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            latest_reviews=queries.latest_reviews(),
            strongest=queries.strongest_consensus_lately(),
            latest_articles=queries.latest_articles(),
            **kwargs,
        )


class TagListView(ListView):
    """Every tag in public use, with how much published work carries it."""

    template_name = "tags/tag_list.html"
    context_object_name = "tags"
    paginate_by = 100
    paginator_class = IndexedPaginator

    def get_queryset(self):
        return queries.tags_for_listing()


class TagDetailView(TemplateView):
    template_name = "tags/tag_detail.html"

    def get_context_data(self, **kwargs):
        tag = queries.tag_for_page(self.kwargs["slug"])
        if tag is None:
            raise Http404("No such tag")
        return super().get_context_data(
            tag=tag, limit=queries.TAG_PAGE_LIMIT, **queries.tagged_content(tag), **kwargs
        )


class SearchView(TemplateView):
    template_name = "search.html"

    def get_context_data(self, **kwargs):
        typed = self.request.GET.get("q", "").strip()
        # Only what is searched for is shown back: a long query would fill the page.
        query = clean_query(typed)
        groups = search(query)
        total = sum(len(group.results) for group in groups)
        return super().get_context_data(
            query=query,
            truncated=len(typed) > MAX_QUERY_LENGTH,
            max_length=MAX_QUERY_LENGTH,
            groups=groups,
            total=total,
            suggestion=did_you_mean(query) if query and not total else None,
            **kwargs,
        )


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("django.contrib.sitemaps.views.index"))
    return render(
        request, "robots.txt", {"sitemap_url": sitemap}, content_type="text/plain; charset=utf-8"
    )


@require_GET
def favicon(request):
    # Browsers and crawlers ask for /favicon.ico whatever the page declares.
    return redirect(static("favicon.svg"), permanent=True)


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # No database work here: the error may be the database itself.
    return render(request, "500.html", status=500)
