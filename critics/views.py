"""Public pages. Thin views over named queryset methods; only published() content."""

from django.views.generic import DetailView, TemplateView

from critics.models import Article, Critic, Publication, Review
from critics.selectors import critic_record
from critics.services.consensus import refresh_due_consensus
from films.models import Film, Person


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            latest_reviews=Review.objects.published().for_listing()[:10],
            latest_articles=Article.objects.published().for_listing()[:5],
            **kwargs,
        )


class FilmDetailView(DetailView):
    model = Film
    template_name = "films/film_detail.html"

    def get_queryset(self):
        refresh_due_consensus()
        return Film.objects.with_credits().select_related("consensus")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            consensus=getattr(self.object, "consensus", None),
            reviews=Review.objects.published().for_listing().filter(film=self.object),
            **kwargs,
        )


class PersonDetailView(DetailView):
    model = Person
    template_name = "films/person_detail.html"

    def get_queryset(self):
        return Person.objects.prefetch_related("credits__film")


class ReviewDetailView(DetailView):
    template_name = "critics/review_detail.html"
    context_object_name = "review"

    def get_queryset(self):
        return Review.objects.published().for_listing()


class ArticleDetailView(DetailView):
    template_name = "critics/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.published().for_listing().prefetch_related("related_films")


class CriticDetailView(DetailView):
    model = Critic
    template_name = "critics/critic_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            record=critic_record(self.object),
            reviews=Review.objects.published().for_listing().filter(critic=self.object),
            **kwargs,
        )


class PublicationDetailView(DetailView):
    model = Publication
    template_name = "critics/publication_detail.html"

    def get_context_data(self, **kwargs):
        publication = self.object
        return super().get_context_data(
            reviews=Review.objects.published().for_listing().filter(publication=publication),
            **kwargs,
        )
