"""Inserting imported reviews together with their revision history, one statement each.

The history rows are the ones simple-history's ``bulk_create_with_history`` writes (type
"+", the importing user, reason "CSV import", a copy of every tracked field), so imported
reviews show in their history as created by the import. Going through ``bulk_create``
twice cost half of a large import's time (docs/performance.md): the ORM assembles every
value's SQL separately, builds a historical model instance per row, and prepares each
value twice, once for the review and once for its copy. Here every value is prepared
once, by the model's own field, and both tables are written with ``executemany``.
"""

from django.db import connections, router
from django.utils import timezone

HISTORY_FIELDS = ("history_date", "history_user_id", "history_change_reason", "history_type")


def insert_with_history(model, objects: list, *, key: str, user=None, reason: str = "") -> None:
    """INSERT unsaved objects and their "created" history rows; set their primary keys.

    ``key`` names a unique field every object has a value for: the new rows' keys are read
    back through it (``executemany`` returns none).
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
    for obj in objects:
        # As bulk_create does: a related object saved since it was assigned (a film the
        # import created) gives its new key to the foreign-key column.
        obj._prepare_related_fields_for_save(operation_name="insert_with_history")
    rows = [
        tuple(field.get_db_prep_save(field.pre_save(obj, add=True), connection) for field in fields)
        for obj in objects
    ]
    _execute_insert(connection, model, [field.column for field in fields], rows)

    pks = dict(
        model._default_manager.using(connection.alias)
        .filter(**{f"{key}__in": [getattr(obj, key) for obj in objects]})
        .values_list(key, "pk")
    )
    for obj in objects:
        obj.pk = pks[getattr(obj, key)]
        obj._state.adding, obj._state.db = False, connection.alias

    history_model = model.history.model
    position = {field.attname: index for index, field in enumerate(fields)}
    tracked = [field.attname for field in history_model.tracked_fields]
    pk_name = model._meta.pk.attname
    extra_fields = [history_model._meta.get_field(name) for name in HISTORY_FIELDS]
    extra_values = {
        "history_date": timezone.now(),
        "history_user_id": user.pk if user is not None else None,
        "history_change_reason": reason,
        "history_type": "+",
    }
    extra = tuple(
        field.get_db_prep_save(extra_values[field.attname], connection) for field in extra_fields
    )
    # The copies' fields have the same types as the originals, so the prepared values
    # carry over; only the primary key (a plain column in the history table) is new.
    history_rows = [
        tuple(obj.pk if name == pk_name else row[position[name]] for name in tracked) + extra
        for obj, row in zip(objects, rows, strict=True)
    ]
    history_columns = {field.attname: field.column for field in history_model._meta.fields}
    columns = [history_columns[name] for name in tracked]
    columns += [field.column for field in extra_fields]
    _execute_insert(connection, history_model, columns, history_rows)


def _execute_insert(connection, model, columns: list[str], rows: list[tuple]) -> None:
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(column) for column in columns),
        ", ".join(["%s"] * len(columns)),
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
