"""The public, read-only JSON API at /api/ (schema: /api/openapi.json, docs: /api/docs)."""

from ninja import NinjaAPI

from api.endpoints import router

api = NinjaAPI(
    title="Film critics' consensus API",
    version="1",
    description="Films, their published reviews, critics, and each film's explainable "
    "critics' consensus. Read-only; only published reviews are ever shown.",
    urls_namespace="api",
)
api.add_router("/", router)
