"""Finding a row's film, critic and publication, or planning new ones.

The importer reads the few columns it matches on for every film, critic and
publication once, then matches names in Python: case and spacing are ignored, the
same way for every database (SQLite's lower() only folds ASCII).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils.text import slugify

from critics.models import Critic, Publication
from films.models import Film


# A file names the same films, critics and publications on many rows.
@lru_cache(maxsize=65536)
def normalise(name: str) -> str:
    return " ".join(name.casefold().split())


@dataclass(eq=False)
class FilmEntry:
    pk: int | None  # None: created by this import
    title: str
    year: int | None
    slug: str = ""

    def __str__(self):
        return f"{self.title} ({self.year})" if self.year else self.title


@dataclass(eq=False)
class PublicationEntry:
    pk: int | None
    name: str
    rating_scale: int | None = None
    slug: str = ""


@dataclass(eq=False)
class CriticEntry:
    pk: int | None
    name: str
    is_unattributed: bool = False
    is_top_critic: bool = False
    publication_pks: set[int] = field(default_factory=set)
    slug: str = ""


class CatalogueError(ValueError):
    """A name the catalogue cannot settle; the message is for the editor."""


class Catalogue:
    def __init__(self):
        self.films: dict[str, list[FilmEntry]] = defaultdict(list)
        self.publications: dict[str, PublicationEntry] = {}
        self.critics: dict[str, list[CriticEntry]] = defaultdict(list)
        self._slugs: dict[type, set[str]] = {Film: set(), Critic: set(), Publication: set()}

    @classmethod
    def load(cls) -> "Catalogue":
        catalogue = cls()
        for pk, title, year, slug in Film.objects.values_list(
            "pk", "title", "release_year", "slug"
        ):
            catalogue.films[normalise(title)].append(FilmEntry(pk, title, year, slug))
            catalogue._slugs[Film].add(slug)
        for pk, name, scale, slug in Publication.objects.values_list(
            "pk", "name", "rating_scale", "slug"
        ).order_by("pk"):
            catalogue.publications.setdefault(
                normalise(name), PublicationEntry(pk, name, scale, slug)
            )
            catalogue._slugs[Publication].add(slug)
        writes_for = defaultdict(set)
        for critic_id, publication_id in Critic.publications.through.objects.values_list(
            "critic_id", "publication_id"
        ):
            writes_for[critic_id].add(publication_id)
        for pk, name, unattributed, top, slug in Critic.objects.values_list(
            "pk", "name", "is_unattributed", "is_top_critic", "slug"
        ).order_by("pk"):
            entry = CriticEntry(pk, name, unattributed, top, writes_for[pk], slug)
            catalogue.critics[normalise(name)].append(entry)
            catalogue._slugs[Critic].add(slug)
        return catalogue

    def film(self, title: str, year: int | None, *, create: bool) -> FilmEntry:
        candidates = self.films.get(normalise(title), [])
        if year is not None:
            candidates = [film for film in candidates if film.year == year]
        if len(candidates) == 1:
            return candidates[0]
        if len(candidates) > 1:
            years = ", ".join(str(film.year or "no year") for film in candidates)
            raise CatalogueError(
                f"{len(candidates)} films in the catalogue are called '{title}' ({years}); "
                "give the year to say which"
            )
        label = f"'{title}' (year {year})" if year else f"'{title}'"
        if not create:
            raise CatalogueError(f"no film {label} in the catalogue; use --create-films")
        entry = FilmEntry(None, title, year, self._slug(Film, f"{title} {year or ''}", "film"))
        self.films[normalise(title)].append(entry)
        return entry

    def publication(self, name: str) -> PublicationEntry | None:
        if not name:
            return None
        key = normalise(name)
        if key not in self.publications:
            self.publications[key] = PublicationEntry(
                None, name, None, self._slug(Publication, name, "publication")
            )
        return self.publications[key]

    def critic(self, name: str, publication: PublicationEntry | None) -> CriticEntry:
        """The named critic; a blank name means the publication's unsigned staff."""
        unsigned = not name
        if unsigned:
            name = f"{publication.name} staff"
        candidates = self.critics.get(normalise(name), [])
        if unsigned:
            candidates = [critic for critic in candidates if critic.is_unattributed]
        if len(candidates) > 1 and publication and publication.pk:
            candidates = [c for c in candidates if publication.pk in c.publication_pks] or (
                candidates
            )
        if len(candidates) == 1:
            return candidates[0]
        if len(candidates) > 1:
            raise CatalogueError(
                f"{len(candidates)} critics in the catalogue are called '{name}' and the file "
                "cannot say which wrote this; rename one of them in the admin"
            )
        entry = CriticEntry(
            None, name, is_unattributed=unsigned, slug=self._slug(Critic, name, "critic")
        )
        self.critics[normalise(name)].append(entry)
        return entry

    def _slug(self, model: type, text: str, fallback: str) -> str:
        max_length = model._meta.get_field("slug").max_length
        base = (slugify(text) or fallback)[: max_length - 8].strip("-") or fallback
        slug, n = base, 1
        while slug in self._slugs[model]:
            n += 1
            slug = f"{base}-{n}"
        self._slugs[model].add(slug)
        return slug
