"""Writing many new rows of one model in one statement: ``insert``.

On PostgreSQL the rows go in by ``COPY``, their ids taken from the table's
sequence first, so that the instances come back with their ids, as from
``bulk_create``. Django's ``bulk_create`` compiles an ``INSERT … SELECT FROM
UNNEST`` of every value, which the driver then quotes into the statement's
text: for the legacy importer's sections, articles, sources and distribution
list and a sign-off's reader's copy, that cost 5–10 % of an imported issue's
CPU (measured side by side, ``bench/import_variants.py`` and
``bench/import_bench.py``: see ``docs/legacy-import.md``). Elsewhere (SQLite)
it is ``bulk_create``.

django-pgbulk's ``copy`` writes no given ids into an auto-increment key, and
so cannot say which row is which; hence this short helper. Like
``bulk_create``, it sends no signals and runs no ``save()``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from django.db import connection
from django.db.models import Model

M = TypeVar("M", bound=Model)


def insert(objs: Sequence[M]) -> Sequence[M]:
    """Insert these new instances of one model; they come back with their ids."""
    if not objs:
        return objs
    model = type(objs[0])
    meta = model._meta
    fields = [field for field in meta.concrete_fields if not field.generated]
    if connection.vendor != "postgresql" or any(field.has_db_default() for field in fields):
        # (A default the database computes is left to bulk_create, which asks for it.)
        return model.objects.bulk_create(objs)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        unnumbered = [obj for obj in objs if obj.pk is None]
        if unnumbered:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, len(unnumbered)],
            )
            for obj, (pk,) in zip(unnumbered, sorted(cursor.fetchall()), strict=True):
                obj.pk = pk
        columns = ", ".join(quote(field.column) for field in fields)
        with cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
            for obj in objs:
                copy.write_row(
                    [
                        field.get_db_prep_save(field.pre_save(obj, True), connection)
                        for field in fields
                    ]
                )
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
    return objs
