"""Inserting imported rows together with their revision history, one statement each.

The history rows are the ones simple-history's ``bulk_create_with_history`` writes (type
"+", the importing user, reason "CSV import", a copy of every tracked field), so imported
reviews show in their history as created by the import. Going through ``bulk_create``
twice cost half of a large import's time (docs/performance.md): the ORM assembles every
value's SQL separately, builds a historical model instance per row, and prepares each
value twice, once for the row and once for its copy. Here each distinct value of a
column is prepared once, by the model's own field, the rows are written with one
``executemany``, and the database copies them into the history table itself
(``INSERT … SELECT``), so the history holds exactly what was stored.

Tried again for issue #14 ("libraries over home-made code"): the import with
``bulk_create_with_history`` (batches of 500) spent 13.1-13.5 CPU seconds in the
importing process for 20,000 rows where this module's spends 4.8-5.1, about a third of
the speed end to end; more than the 2,000 rows/s budget allows (docs/performance.md).
"""

from django.db import connections, router
from django.utils import timezone

HISTORY_FIELDS = ("history_date", "history_user_id", "history_change_reason", "history_type")


def insert_with_history(model, objects: list, *, key: str, user=None, reason: str = "") -> None:
    """INSERT unsaved objects and their "created" history rows; set their primary keys.

    ``key`` names a unique field every object has a value for, which the history records
    too: the new rows' keys are read back through it (``executemany`` and ``COPY``
    return none). The objects' automatic timestamps
    (``auto_now``, ``auto_now_add``) are one moment for the batch, as one statement's
    would be if the database filled them.
    """
    if not objects:
        return
    connection = connections[router.db_for_write(model)]
    # Columns the database fills itself (the key, generated search vectors) are left out.
    fields = [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and not getattr(field, "generated", False)
    ]
    now = timezone.now()
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            for obj in objects:
                setattr(obj, field.attname, now)
    for obj in objects:
        # As bulk_create does: a related object saved since it was assigned (a film the
        # import created) gives its new key to the foreign-key column.
        obj._prepare_related_fields_for_save(operation_name="insert_with_history")
    rows = list(zip(*(_column(field, objects, connection) for field in fields), strict=True))
    _execute_insert(connection, model, [field.column for field in fields], rows)

    keys = [getattr(obj, key) for obj in objects]
    pks = _copy_to_history(connection, model, keys, key=key, user=user, reason=reason)
    for obj in objects:
        obj.pk = pks[getattr(obj, key)]
        obj._state.adding, obj._state.db = False, connection.alias


def _column(field, objects: list, connection) -> list:
    """One column's database values: field.pre_save, then field.get_db_prep_save once
    per distinct value (dates, times, keys and choices repeat across a file's rows, and
    preparing a date-time or a decimal costs several microseconds each time)."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        values = [getattr(obj, field.attname) for obj in objects]  # set above
    else:
        values = [field.pre_save(obj, add=True) for obj in objects]
    prepared: dict = {}
    column = []
    for value in values:
        try:
            key = (value.__class__, value)
            if key not in prepared:
                prepared[key] = field.get_db_prep_save(value, connection)
            column.append(prepared[key])
        except TypeError:  # unhashable, as a JSON document is
            column.append(field.get_db_prep_save(value, connection))
    return column


def _copy_to_history(connection, model, keys: list, *, key: str, user, reason: str) -> dict:
    """One "created" history row per row just stored, copied by the database; returns
    {key: primary key} of the rows, read back from their copies in the same statement."""
    history_model = model.history.model
    history_columns = {field.attname: field.column for field in history_model._meta.fields}
    tracked = history_model.tracked_fields
    extra_fields = [history_model._meta.get_field(name) for name in HISTORY_FIELDS]
    extra_values = {
        "history_date": timezone.now(),
        "history_user_id": user.pk if user is not None else None,
        "history_change_reason": reason,
        "history_type": "+",
    }
    extra = [
        field.get_db_prep_save(extra_values[field.attname], connection) for field in extra_fields
    ]
    quote = connection.ops.quote_name
    key_field, pk = model._meta.get_field(key), model._meta.pk
    sql = (
        "INSERT INTO {} ({}) SELECT {}, {} FROM {} WHERE {} IN ({}) ORDER BY {} RETURNING {}, {}"
    ).format(
        quote(history_model._meta.db_table),
        ", ".join(
            quote(column)
            for column in [history_columns[field.attname] for field in tracked]
            + [field.column for field in extra_fields]
        ),
        ", ".join(quote(field.column) for field in tracked),
        ", ".join(["%s"] * len(extra_fields)),
        quote(model._meta.db_table),
        quote(key_field.column),
        ", ".join(["%s"] * len(keys)),
        quote(pk.column),
        quote(history_columns[key_field.attname]),
        quote(history_columns[pk.attname]),
    )
    prepared_keys = [key_field.get_db_prep_value(value, connection) for value in keys]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*extra, *prepared_keys])
        return dict(cursor.fetchall())


def _execute_insert(connection, model, columns: list[str], rows: list[tuple]) -> None:
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # PostgreSQL's bulk load, through psycopg: Django binds parameters on the
            # client, so each INSERT of an executemany is a statement for the server to
            # parse and plan, more than twice the time of the whole import's inserts.
            with (
                connection.wrap_database_errors,
                cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", rows)
