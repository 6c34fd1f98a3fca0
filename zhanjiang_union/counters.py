"""Gap-free yearly numbers (case numbers, document numbers): the next value of a counter
row, which stays locked until the caller's transaction commits, so two callers at once
never share a number and one that fails hands its number back."""

from django.db import IntegrityError, connection, transaction


def counter_next(model, **key) -> int:
    """Add one to `model`'s `last` for the row named by `key` (created at its first use)
    and return it. Call inside the transaction that uses the number."""
    table = model._meta.db_table
    where = " AND ".join(f"{connection.ops.quote_name(name)} = %s" for name in key)
    # One round trip but at a row's first use: the UPDATE takes the row lock and hands
    # back the new number (RETURNING: PostgreSQL, SQLite 3.35+).
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last = last + 1 WHERE {where} RETURNING last",  # noqa: S608
            list(key.values()),
        )
        row = cursor.fetchone()
    if row is not None:
        return row[0]
    try:
        with transaction.atomic():
            model.objects.create(**key)
    except IntegrityError:
        pass  # another caller created the row first; it is there now
    return counter_next(model, **key)
