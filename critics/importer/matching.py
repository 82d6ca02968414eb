"""Rows that describe reviews already in the catalogue: unchanged, updated, or refused.

A row is the stored review it describes when everything a reader sees of the review is
the same: film, critic, publication, date, rating, headline, url and text. Then:

- same verdict and top-critic status too: **unchanged**, nothing is written;
- the row gives another verdict (with its source), or another top_critic: an
  **update** of how the review counts, shown in the preview and written with the rest
  (this is how an editor turns exported suggestions into verdicts: docs/import-format.md);
- the row's verdict is blank but the stored review has one: refused, since a blank
  cell is not a decision to remove a verdict.

A named critic has one review per film and publication, so a row for the same critic,
film and publication that differs in anything else is refused (edit the review in the
admin). Unsigned reviews are told apart only by their content, so such a row is a new
review. No row ever adds a second copy of a stored review.
"""

from dataclasses import dataclass

from critics.importer.fields import ReviewRow
from critics.importer.plan import ImportPlan, PlannedReview, PlannedUpdate
from critics.models import Review

QUERY_CHUNK = 500
_CONTENT = ("date", "rating", "headline", "url", "text")


@dataclass(frozen=True)
class StoredReview:
    pk: int
    content: tuple
    verdict: str | None
    verdict_source: str | None
    is_top_critic: bool


def drop_known(planned: list[PlannedReview], plan: ImportPlan) -> list[PlannedReview]:
    """Set aside rows already in the catalogue (unchanged or updates); return the new ones."""
    known_keys = set()
    for keys in _chunks([p.key for p in planned]):
        known_keys.update(
            Review.objects.filter(import_key__in=keys).values_list("import_key", flat=True)
        )
    remaining = []
    for item in planned:
        if item.key in known_keys:
            plan.unchanged.append(item.row.line)
        else:
            remaining.append(item)

    stored = _stored_reviews([p for p in remaining if p.film.pk])
    claimed: set[int] = set()  # stored reviews an earlier row already updates
    new = []
    for item in remaining:
        found = _find_stored(item, stored, claimed)
        if found is None:
            new.append(item)
            continue
        differences = _differences(item.row, found)
        if differences:
            plan.errors.append((item.row.line, _already_reviewed(item, differences)))
            continue
        changes = _changes(item.row, found)
        if not changes:
            plan.unchanged.append(item.row.line)
        elif found.pk in claimed:
            plan.errors.append(
                (item.row.line, f"another line of the file already changes {_label(item)}")
            )
        else:
            claimed.add(found.pk)
            plan.updates.append(
                PlannedUpdate(item.row, item.key, found.pk, item.film.pk, _label(item), changes)
            )
    return new


def _find_stored(item: PlannedReview, stored: dict, claimed: set[int]) -> StoredReview | None:
    publication_id = item.publication.pk if item.publication else None
    if not item.film.pk or (item.publication and not publication_id):
        return None
    if item.row.is_unsigned:
        candidates = stored["unsigned"].get((item.film.pk, publication_id, _content(item.row)))
        if not candidates:
            return None
        # Identical unsigned reviews (say, one story filed twice): the row is the first
        # that already counts as it says, else the first not yet updated by another row.
        for candidate in candidates:
            if not _changes(item.row, candidate):
                return candidate
        return next((c for c in candidates if c.pk not in claimed), candidates[0])
    if not item.critic.pk:
        return None
    return stored["signed"].get((item.film.pk, item.critic.pk, publication_id))


def _differences(row: ReviewRow, stored: StoredReview) -> list[str]:
    """Columns in which the row is another review than the stored one."""
    differences = [
        name
        for name, mine, theirs in zip(_CONTENT, _content(row), stored.content, strict=True)
        if mine != theirs
    ]
    if row.verdict is None and stored.verdict is not None:
        differences.append("verdict")
    return differences


def _changes(row: ReviewRow, stored: StoredReview) -> dict:
    """How the row would have the stored review count differently: {field: (old, new)}."""
    changes = {}
    if row.verdict is not None and (
        row.verdict != stored.verdict
        # A blank source keeps the stored one: only a source written in the file changes it.
        or (row.given_source is not None and row.given_source != stored.verdict_source)
    ):
        changes["verdict"] = (stored.verdict, row.verdict)
        changes["verdict_source"] = (stored.verdict_source, row.verdict_source)
    if row.top_critic is not None and row.top_critic != stored.is_top_critic:
        changes["is_top_critic"] = (stored.is_top_critic, row.top_critic)
    return changes


def _content(row: ReviewRow) -> tuple:
    return (row.date, row.rating, row.headline, row.url, row.text)


def _chunks(items: list, size: int = QUERY_CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _stored_reviews(planned: list[PlannedReview]) -> dict:
    """Stored reviews of the rows' films that a row could describe, by identity."""
    signed, unsigned = {}, {}
    film_ids = sorted({p.film.pk for p in planned})
    for films in _chunks(film_ids):
        rows = (
            Review.objects.filter(film_id__in=films)
            .order_by("pk")
            .values_list(
                "pk",
                "film_id",
                "critic_id",
                "publication_id",
                "is_unsigned",
                "verdict",
                "verdict_source",
                "is_top_critic",
                "published_on",
                "rating",
                "headline",
                "original_url",
                "body",
            )
        )
        for (
            pk,
            film_id,
            critic_id,
            pub_id,
            is_unsigned,
            verdict,
            source,
            top,
            *content,
        ) in rows.iterator():
            found = StoredReview(pk, _stored_content(*content), verdict or None, source, top)
            if is_unsigned:
                unsigned.setdefault((film_id, pub_id, found.content), []).append(found)
            else:
                signed[(film_id, critic_id, pub_id)] = found
    return {"signed": signed, "unsigned": unsigned}


def _stored_content(published_on, rating, headline, url, body) -> tuple:
    # A review with no first-appearance date is exported with none, and reads back so.
    return (published_on, rating.strip(), headline.strip(), url.strip(), body.strip())


def _label(item: PlannedReview) -> str:
    film = item.row.film_label
    if item.row.is_unsigned:
        return f"the unsigned review of {film} in {item.publication.name}"
    where = f" in {item.publication.name}" if item.publication else " with no publication"
    return f"{item.critic.name}'s review of {film}{where}"


def _already_reviewed(item: PlannedReview, differences: list[str]) -> str:
    if differences == ["verdict"]:
        return (
            f"{_label(item)} has a verdict in the catalogue and this row has none; a blank "
            "verdict does not remove one: give the verdict in the file, or edit that review "
            "in the admin"
        )
    return (
        f"{_label(item)} is already in the catalogue, with a different "
        f"{', '.join(differences)}; edit that review in the admin or remove this row"
    )
