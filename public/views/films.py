"""Film, films list and person pages."""

import re

from django.http import Http404
from django.views.generic import DetailView, ListView

from consensus import stance
from critics import queries
from critics.services.consensus import recompute_film_consensus
from public import jsonld
from public.views.pagination import IndexedPaginator
from public.views.review_filters import ReviewChoice, review_choice_links


class FilmListView(ListView):
    template_name = "films/film_list.html"
    context_object_name = "films"
    paginate_by = 24
    paginator_class = IndexedPaginator

    def get_filters(self):
        params = self.request.GET
        sort = params.get("sort") if params.get("sort") in queries.FILM_SORTS else "consensus"
        year = params.get("year", "")
        return {
            "sort": sort,
            # PostgreSQL text cannot hold NUL (a server error), and isdigit() alone
            # would let "²" or a 40-digit year through.
            "tag": params.get("tag", "").replace("\x00", "") or None,
            "year": int(year) if re.fullmatch(r"[0-9]{4}", year) else None,
        }

    def get_queryset(self):
        return queries.films_for_listing(**self.get_filters())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filters=self.get_filters(),
            sorts=queries.FILM_SORTS,
            tags=queries.film_tags(),
            years=queries.film_years(),
            **kwargs,
        )


class FilmDetailView(DetailView):
    template_name = "films/film_detail.html"
    context_object_name = "film"

    def get_object(self, queryset=None):
        film = queries.film_for_page(self.kwargs["slug"])
        if film is None:
            raise Http404("No such film")
        return film

    def get_context_data(self, **kwargs):
        film = self.object
        consensus = queries.consensus_of(film)
        chosen = ReviewChoice.from_request(self.request)
        counts = queries.film_review_counts(film)
        # The first reviews of the reader's choice only; the rest are on the reviews page.
        limit = queries.FILM_PAGE_REVIEWS
        reviews = list(
            queries.reviews_for_film_page(film, show=chosen.show, sort=chosen.sort)[: limit + 1]
        )
        more_reviews, reviews = len(reviews) > limit, reviews[:limit]
        if counts["all"] and not consensus.review_count:
            # Published reviews but no figures: a rebuild was lost (a process killed after
            # its commit, a write around the services). Rebuild now rather than show
            # "No critics' reviews yet" above the reviews; costs nothing when all is well.
            consensus = recompute_film_consensus(film.pk) or consensus
        by_id = queries.reviews_cited_by(consensus)
        aspects = consensus.aspects
        dissent = (
            by_id.get(consensus.dissent_review_id)
            if consensus.dissent_review_id is not None
            else None
        )
        # The dissent has its own block: it is not listed again among the quotes.
        quotes = [
            by_id[pk]
            for pk in consensus.quote_review_ids
            if pk in by_id and pk != consensus.dissent_review_id
        ]
        return super().get_context_data(
            consensus=consensus,
            reviews=reviews,
            review_count=consensus.review_count,
            more_reviews=more_reviews,
            chosen=chosen,
            chosen_count=counts[chosen.show],
            review_counts=counts,
            review_choices=review_choice_links(self.request.path, chosen, counts),
            reviews_by_id=by_id,
            quotes=quotes,
            dissent=dissent,
            # A quote shown in the consensus is not printed again on its review's card.
            quoted_ids={review.pk for review in quotes} | ({dissent.pk} if dissent else set()),
            # The statement's own rule (consensus.stance), so page and statement
            # never disagree: enough reviews, and a large enough share, must say it.
            praised=[a for a in aspects if stance.praised(a)],
            criticised=[a for a in aspects if stance.criticised(a)],
            news=queries.news_about_film(film),
            jsonld=jsonld.movie(
                film,
                consensus,
                reviews,
                self.request.build_absolute_uri,
                image=self.request.build_absolute_uri(film.poster.url) if film.poster else None,
            ),
            **kwargs,
        )


class FilmReviewsView(ListView):
    """Every published review of a film, or those of one filter, in the reader's order."""

    template_name = "films/film_reviews.html"
    context_object_name = "reviews"
    paginate_by = 20
    paginator_class = IndexedPaginator

    def get_queryset(self):
        self.film = queries.film_by_slug(self.kwargs["slug"])
        if self.film is None:
            raise Http404("No such film")
        self.chosen = ReviewChoice.from_request(self.request)
        self.counts = queries.film_review_counts(self.film)
        return queries.reviews_for_film_page(
            self.film, show=self.chosen.show, sort=self.chosen.sort
        )

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        # The filter counts already hold this list's length: no second COUNT query.
        paginator.count = self.counts[self.chosen.show]
        return paginator

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            film=self.film,
            chosen=self.chosen,
            review_counts=self.counts,
            review_choices=review_choice_links(self.request.path, self.chosen, self.counts),
            **kwargs,
        )


class PersonDetailView(DetailView):
    template_name = "films/person_detail.html"
    context_object_name = "person"

    def get_object(self, queryset=None):
        person = queries.person_for_page(self.kwargs["slug"])
        if person is None:
            raise Http404("No such person")
        return person
