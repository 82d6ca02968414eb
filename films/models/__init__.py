from films.models.catalogue import Credit, Film, Person

__all__ = ["Credit", "Film", "Person"]
