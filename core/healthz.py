"""/healthz for load balancers and uptime checks: can we reach the database and the cache?"""

import logging
import uuid

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            row: tuple[int, ...] | None = cursor.fetchone()
            return row == (1,)
    except DatabaseError:
        logger.warning("Health check: the database is unreachable", exc_info=True)
        return False


def cache_ok() -> bool:
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", timeout=10)
        found: object = cache.get(key)
        cache.delete(key)
    except Exception:  # each cache backend raises its own errors (redis, memcached, ...)
        logger.warning("Health check: the cache is unreachable", exc_info=True)
        return False
    return found == "ok"


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": database_ok(), "cache": cache_ok()}
    return JsonResponse(
        {name: "ok" if ok else "error" for name, ok in checks.items()},
        status=200 if all(checks.values()) else 503,
    )
