from critics.models.content import Article, Review
from critics.models.people import Critic, Publication
from critics.models.publishing import PublishingStatus

__all__ = ["Article", "Critic", "Publication", "PublishingStatus", "Review"]
