"""The public, read-only JSON API at /api/ (schema: /api/openapi.json, docs: /api/docs)."""

from ninja import NinjaAPI

from api import directory, endpoints, news, reviews, search

api = NinjaAPI(
    title="Film critics' consensus API",
    version="1",
    description="Films, their published reviews, critics, publications, people, news, "
    "and each film's explainable critics' consensus. Read-only; only published reviews "
    "and articles are ever shown. Lists are paginated: `count`, absolute `next` and "
    "`previous` links, and the page's `items`. Unknown paths and slugs answer a JSON 404.",
    urls_namespace="api",
)
for module in (endpoints, reviews, directory, news, search):
    api.add_router("/", module.router)
