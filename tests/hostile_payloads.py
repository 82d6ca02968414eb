"""A corpus of classic XSS and injection payloads, and a site whose every editable text
field that reaches a public page, feed or the API holds one of them.

A payload that ran would set ``window.__xss`` or ``document.title = "XSS"``; the
site's CSP would also block (and report) an injected inline script, so a test checks
both, and that the payload is shown as the literal text it is.
"""

import re
from dataclasses import dataclass, field
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from critics.models import FilmConsensus, Review
from critics.services.consensus import recompute_film_consensus
from films.models import Credit
from tests import factories

PAYLOADS = [
    "<script>window.__xss=1</script>",
    '"><img src=x onerror="window.__xss=1">',
    "'><svg onload=window.__xss=1>",
    "</script><script>window.__xss=1</script>",
    "</title><script>window.__xss=1</script>",
    "</textarea></style><script>window.__xss=1</script>",
    '" autofocus onfocus="window.__xss=1" x="',
    "' autofocus onfocus='window.__xss=1' x='",
    "<svg><script>window.__xss=1</script></svg>",
    "<![CDATA[</script><script>window.__xss=1</script>]]>",
    "<!--<script>window.__xss=1//-->",
    '<a href="javascript:window.__xss=1">click</a> javascript:window.__xss=1',
    '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>",
    '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=1">',
    '<base href="https://evil.example/"><style>body{display:none}</style>',
    "{{ 7|add:42 }} {% now 'Y' %} ${7*7} #{7*7}",
    "&lt;script&gt;window.__xss=1&lt;/script&gt; &amp;",
    "\u202egnp.exe<b>\u200b\ufeff</b> \u0627\u0644\u0639\u0631\u0628\u064a\u0629",
    '\x0b\x1b[31m<img src=x onerror=document.title="XSS">',
]
# Valid web addresses (URLValidator accepts any non-space path) that try to leave
# the href attribute they are written into.
URL_PAYLOADS = [
    'https://example.com/"><script>window.__xss=1</script>',
    "https://example.com/'onmouseover='window.__xss=1",
]
# Schemes a URL field must refuse, however they are spelled.
SCRIPT_URLS = [
    "javascript:window.__xss=1",
    "JaVaScRiPt:window.__xss=1",
    " javascript:window.__xss=1",
    "java\tscript:window.__xss=1",
    "data:text/html,<script>window.__xss=1</script>",
    "vbscript:msgbox(1)",
]

# What the browser must never end up with: elements and attributes a payload adds.
INJECTED_ELEMENTS = (
    'script:not([type="application/ld+json"]), iframe, object, embed, base, '
    'meta[http-equiv], style, svg[onload], img[src="x"], [onerror], [onload], '
    '[onfocus], [onmouseover], [autofocus], a[href^="javascript"]'
)

# XML 1.0 cannot carry these, so feeds drop them (public/feeds.py).
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xml_text(payload: str) -> str:
    return _NOT_IN_XML.sub("", payload)


@dataclass
class HostileSite:
    """The objects holding one payload, and the public addresses that show them."""

    payload: str
    film: object
    edited_film: object
    review: object
    critic: object
    publication: object
    person: object
    article: object
    tag_slug: str
    urls: list[str] = field(default_factory=list)


def png(name: str) -> SimpleUploadedFile:
    data = BytesIO()
    Image.new("RGB", (60, 90), "navy").save(data, "PNG")
    return SimpleUploadedFile(name, data.getvalue(), content_type="image/png")


def build_hostile_site(n: int, payload: str, *, url: str = URL_PAYLOADS[0]) -> HostileSite:
    """Film, people, critics, publication, four reviews, an article, a tag and an editor's
    statement, every free-text field set to ``payload`` (cut to the field's length).
    Slugs are plain: they are made by the site, never typed by hand."""
    short = payload[:100]
    publication = factories.publication(name=payload, slug=f"hostile-pub-{n}", website=url)
    critics = [
        factories.critic(
            name=payload,
            slug=f"hostile-critic-{n}-{k}",
            bio=payload,
            website=url,
            social_handle=short,
            photo=png(f"critic-{n}-{k}.png") if k == 0 else "",
            photo_alt=payload,
        )
        for k in range(4)
    ]
    person = factories.person(
        name=payload,
        slug=f"hostile-person-{n}",
        bio=payload,
        photo=png(f"p{n}.png"),
        photo_alt=payload,
    )
    films = [
        factories.film(
            title=payload,
            original_title=payload,
            slug=f"hostile-film-{n}{suffix}",
            synopsis=payload,
            distributor=payload,
            country=short,
            language=short,
            poster=png(f"poster-{n}{suffix}.png"),
            poster_alt=payload,
        )
        for suffix in ("", "-edited")
    ]
    for film in films:
        film.tags.add(short)
        Credit.objects.create(film=film, person=person, role=Credit.Role.DIRECTOR)
        Credit.objects.create(
            film=film, person=person, role=Credit.Role.CAST, character_name=payload
        )
        Credit.objects.create(film=film, person=person, role=Credit.Role.OTHER, job_title=payload)
    reviews = []
    for k, critic in enumerate(critics):
        for film in films if k == 0 else films[:1]:
            # The admin refuses a rating it cannot read, so only raw storage puts a
            # hostile one in; its verdict is set as the editor's.
            review = factories.review(
                derive=False,
                counted_verdict=Review.Verdict.POSITIVE,
                quote=payload,
                film=film,
                critic=critic,
                publication=publication,
                headline=payload,
                body=f"{payload} A wonderful, moving film.\n\n{payload}",
                pull_quote=payload,
                rating=payload[:50],
                verdict=Review.Verdict.POSITIVE,
                original_url=url,
                verdict_note=payload,
            )
            review.tags.add(short)
            reviews.append(review)
    for film in films:
        recompute_film_consensus(film.pk)
    FilmConsensus.objects.filter(film=films[1]).update(editor_statement=payload)
    article = factories.article(
        title=payload,
        slug=f"hostile-news-{n}",
        standfirst=payload,
        body=f"{payload}\n\n{payload}",
        author=critics[0],
        original_url=url,
    )
    article.related_films.add(films[0])
    article.tags.add(short)
    tag_slug = films[0].tags.get().slug
    site = HostileSite(
        payload, films[0], films[1], reviews[0], critics[0], publication, person, article, tag_slug
    )
    site.urls = [
        films[0].get_absolute_url(),
        films[1].get_absolute_url(),
        reviews[0].get_absolute_url(),
        critics[0].get_absolute_url(),
        publication.get_absolute_url(),
        person.get_absolute_url(),
        article.get_absolute_url(),
        reverse("tags:detail", kwargs={"slug": tag_slug}),
    ]
    return site
