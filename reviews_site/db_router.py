"""Reads from the replica, writes to the primary (only when DATABASE_REPLICA_URL is set).

A replica lags a little behind the primary, so reads stay on the primary whenever
they might need to see a write just made:

- inside a transaction (select_for_update, the consensus recompute, admin saves);
- for the rest of a request, or of a management command, once anything was written;
- for the whole of any request that is not a GET/HEAD/OPTIONS, or that carries a
  session cookie (editors and critics in the admin see their own changes at once,
  also on the page they are redirected to after saving).

So the replica serves anonymous readers, which is where the load is. Migrations
run on the primary only. Django routes no reads to the primary by itself.
"""

from contextvars import ContextVar

from django.conf import settings
from django.core.signals import request_started
from django.db import connections
from django.http.cookie import parse_cookie

PRIMARY, REPLICA = "default", "replica"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

_pinned_to_primary: ContextVar[bool] = ContextVar("pinned_to_primary", default=False)


def choose_database_for_request(sender, environ=None, scope=None, **kwargs):
    """Decide per request (WSGI environ or ASGI scope) whether it starts on the primary."""
    if environ is not None:
        method, cookie_header = environ.get("REQUEST_METHOD", ""), environ.get("HTTP_COOKIE", "")
    elif scope is not None:
        headers = dict(scope.get("headers", []))
        method, cookie_header = scope.get("method", ""), headers.get(b"cookie", b"").decode()
    else:
        method, cookie_header = "", ""
    has_session = settings.SESSION_COOKIE_NAME in parse_cookie(cookie_header)
    _pinned_to_primary.set(method not in SAFE_METHODS or has_session)


request_started.connect(choose_database_for_request, dispatch_uid="reviews_site.db_router")


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if _pinned_to_primary.get() or connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints):
        _pinned_to_primary.set(True)
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY
