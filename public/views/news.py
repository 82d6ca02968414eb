"""News and features: the list and the article page."""

from django.views.generic import DetailView, ListView

from critics import queries
from critics.models import Article
from public.views.pagination import IndexedPaginator
from public.views.preview import PreviewableMixin


class ArticleListView(ListView):
    template_name = "critics/article_list.html"
    context_object_name = "articles"
    paginate_by = 20
    paginator_class = IndexedPaginator

    def get_queryset(self):
        return queries.articles_for_listing(self.request.GET.get("kind"))

    def get_context_data(self, **kwargs):
        kind = self.request.GET.get("kind")
        return super().get_context_data(
            kind=kind if kind in Article.Kind.values else None, kinds=Article.Kind.choices, **kwargs
        )


class ArticleDetailView(PreviewableMixin, DetailView):
    template_name = "critics/article_detail.html"
    context_object_name = "article"

    def find_object(self):
        return queries.article_for_page(self.kwargs["slug"])
