"""Review, critic, critics list, publications list and publication pages."""

from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import DetailView, ListView

from critics import queries
from critics.models import Publication
from critics.queries import critic_record
from public import jsonld
from public.views.pagination import IndexedPaginator
from public.views.preview import PreviewableMixin

OTHER_REVIEWS = 10


class ReviewDetailView(PreviewableMixin, DetailView):
    template_name = "critics/review_detail.html"
    context_object_name = "review"

    def find_object(self):
        return queries.review_for_page(self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        review = self.object
        return super().get_context_data(
            consensus=queries.consensus_of(review.film),
            # One more than shown, to know whether to link to the full list.
            other_reviews=list(queries.other_reviews_of_film(review)[: OTHER_REVIEWS + 1]),
            other_reviews_limit=OTHER_REVIEWS,
            jsonld=None
            if self.is_preview
            else jsonld.review(review, self.request.build_absolute_uri),
            **kwargs,
        )


class CriticListView(ListView):
    template_name = "critics/critic_list.html"
    context_object_name = "critics"
    paginate_by = 48
    paginator_class = IndexedPaginator

    def get_queryset(self):
        # Placeholders for unsigned reviews are not people: they are not listed.
        return queries.critics_for_listing().filter(is_unattributed=False)


class CriticDetailView(ListView):
    """A critic and their reviews, paginated (the list is the reviews)."""

    template_name = "critics/critic_detail.html"
    context_object_name = "reviews"
    paginate_by = 20
    paginator_class = IndexedPaginator

    def get(self, request, *args, **kwargs):
        critic = queries.critic_for_page(self.kwargs["slug"])
        if critic is None:
            raise Http404("No such critic")
        if critic.is_unattributed:
            return unsigned_placeholder(critic)
        self.critic = critic
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return queries.reviews_by_critic(self.critic)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            critic=self.critic, record=critic_record(self.critic), **kwargs
        )


class PublicationListView(ListView):
    template_name = "critics/publication_list.html"
    context_object_name = "publications"
    paginate_by = 48
    paginator_class = IndexedPaginator

    def get_queryset(self):
        return queries.publications_for_listing()


class PublicationDetailView(ListView):
    template_name = "critics/publication_detail.html"
    context_object_name = "reviews"
    paginate_by = 20
    paginator_class = IndexedPaginator

    publication: Publication

    def get_queryset(self):
        publication = queries.publication_for_page(self.kwargs["slug"])
        if publication is None:
            raise Http404("No such publication")
        self.publication = publication
        return queries.reviews_in_publication(publication)

    def get_context_data(self, **kwargs):
        critics = [c for c in self.publication.critics.all() if not c.is_unattributed]
        return super().get_context_data(publication=self.publication, critics=critics, **kwargs)


def unsigned_placeholder(critic):
    """The stand-in author of unsigned reviews has no page of its own: its reviews are on
    its publication's page (a temporary redirect: an editor may yet name the author)."""
    publication = critic.publications.first()
    if publication is None:
        raise Http404("No such critic")
    return redirect(publication)
