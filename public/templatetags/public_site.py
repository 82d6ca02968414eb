"""Template helpers for the public site: safe JSON-LD, canonical URLs, cited statements,
review headings, credits by person, where each verdict comes from."""

import json
from collections.abc import Iterable

from django import template
from django.core.exceptions import DisallowedHost
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import escape, format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from critics.models import Review
from films.models import Credit, Person

register = template.Library()

# The same escapes as django.utils.html.json_script: "</script>" or "<!--" in a film
# title cannot end the data block early.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def jsonld_text(data: object) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
        _JSON_SCRIPT_ESCAPES
    )


@register.filter
def jsonld(data):
    """Render a schema.org dict as a <script type="application/ld+json"> data block.

    A data block is not executed, so script-src in the CSP does not apply to it.
    """
    if not data:
        return ""
    return format_html(
        '<script type="application/ld+json">{}</script>', mark_safe(jsonld_text(data))
    )


@register.simple_tag(takes_context=True)
def canonical_url(context, path=None):
    """Absolute URL of this page without its query string (but keeping ?page=N)."""
    request = context.get("request")
    if request is None:
        return ""
    try:
        url = request.build_absolute_uri(path or request.path)
    except DisallowedHost:
        return ""  # the 400 page for a forged Host header must still render
    if path is None and is_list_variant(context):
        # A filtered or re-sorted list (?show=, ?sort=, ?tag=, a search) is a view of
        # the plain list, which is the page to index; its page 2 is another page again.
        return url
    page = request.GET.get("page")
    if path is None and page and page.isdigit() and page != "1":
        url += "?" + urlencode({"page": page})
    return url


@register.simple_tag(takes_context=True)
def is_list_variant(context: template.Context) -> bool:
    """The page is a list narrowed or re-ordered by its query string (anything but
    ?page=N): search engines are asked not to index it (base.html), since its canonical
    page is the plain list."""
    request = context.get("request")
    return request is not None and any(key != "page" for key in request.GET)


@register.simple_tag(takes_context=True)
def absolute(context, path):
    request = context.get("request")
    try:
        return request.build_absolute_uri(path) if request else path
    except DisallowedHost:
        return path


@register.simple_tag(takes_context=True)
def with_query(context, **changes):
    """The current query string with some parameters changed (None removes one)."""
    request = context["request"]
    params = request.GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else request.path


@register.filter
def band(label: str) -> str:
    """CSS class for a consensus label's band, e.g. band-universal-acclaim."""
    return f"band-{slugify(label or 'none')}"


@register.simple_tag
def cited_statement(consensus, reviews_by_id):
    """The consensus statement, each quoted phrase linked to the review it comes from."""
    if consensus is None:
        return ""
    text = consensus.statement
    links = []
    if consensus.statement_source == "generated":
        for citation in consensus.statement_citations:
            review = reviews_by_id.get(citation.get("review_id"))
            phrase = citation.get("phrase") or ""
            if review is not None and phrase:
                links.append((phrase, review))
    parts, position = [], 0
    for phrase, review in links:
        start = text.find(phrase, position)
        if start < 0:
            continue
        parts.append(escape(text[position:start]))
        parts.append(format_html('<a href="{}">{}</a>', review.get_absolute_url(), phrase))
        position = start + len(phrase)
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))


@register.filter
def review_title(review: Review) -> str:
    """The headline, else who wrote it; never a placeholder critic's name as a byline."""
    if review.headline:
        return review.headline
    if is_unsigned(review):
        return f"Review of {review.film.title}"
    return f"{review.critic.name} on {review.film.title}"


def is_unsigned(review: Review) -> bool:
    return review.critic.is_unattributed or review.is_unsigned


@register.filter
def review_heading(review: Review) -> str:
    """Who wrote it and where: "Ann Lee, Sight Lines", "Unsigned review, Sight Lines"."""
    author = "Unsigned review" if is_unsigned(review) else review.critic.name
    return f"{author}, {review.publication.name}" if review.publication else author


@register.filter
def review_label(review: Review) -> str:
    """The film, who wrote about it and where, and the review's own headline if it has one:
    for feed titles and screen readers, where a card's layout cannot say which film."""
    label = f"{review.film} — {review_heading(review)}"
    return f"{label}: {review.headline}" if review.headline else label


def _credit_part(credit: Credit) -> str:
    if credit.role == Credit.Role.CAST and credit.character_name:
        return credit.character_name
    if credit.role == Credit.Role.OTHER and credit.job_title:
        return credit.job_title
    return credit.get_role_display().lower()


@register.filter
def credits_by_person(credits: Iterable[Credit]) -> list[tuple[Person, str]]:
    """One line per person, in billing order of their first credit: ("Damien Chazelle",
    "director, writer"), ("Emma Stone", "Mia"), rather than a line per credit."""
    parts: dict[int, list[str]] = {}
    people: dict[int, Person] = {}
    for credit in credits:
        people.setdefault(credit.person_id, credit.person)
        person_parts = parts.setdefault(credit.person_id, [])
        part = _credit_part(credit)
        if part not in person_parts:
            person_parts.append(part)
    return [(person, ", ".join(parts[pk])) for pk, person in people.items()]


@register.filter
def verdict_provenance(review: Review) -> str:
    """Where the review's verdict comes from, in a reader's words; "" when it has none."""
    rating = review.rating.strip()
    match review.verdict_source:
        case "rating":
            return f"from the critic's {rating}" if rating else "from the critic's rating"
        case "critic":
            return "the critic's own verdict" + (f", rated {rating}" if rating else "")
        case "editor":
            if rating:
                return f"an editor's reading, in place of the critic's {rating}"
            return "an editor's reading (no rating given)"
        case "model":
            return "suggested by our text model, accepted by an editor"
    return ""
