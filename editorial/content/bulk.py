"""Writing many new rows of one model in one statement: ``insert``.

On PostgreSQL the rows go in by ``COPY`` (a few rows by one ``INSERT``), their
ids taken from the table's sequence first, so that the instances come back with
their ids, as from ``bulk_create``. Django's ``bulk_create`` compiles an ``INSERT … SELECT FROM
UNNEST`` of every value, which the driver then quotes into the statement's
text: for the legacy importer's sections, articles, sources and distribution
list and a sign-off's reader's copy, that cost 5–10 % of an imported issue's
CPU (measured side by side, ``bench/import_variants.py`` and
``bench/import_bench.py``: see ``docs/legacy-import.md``). Elsewhere (SQLite)
it is ``bulk_create``.

django-pgbulk's ``copy`` writes no given ids into an auto-increment key, and
so cannot say which row is which; hence this short helper. Like
``bulk_create``, it sends no signals and runs no ``save()``.

A batch of many small writes (the legacy importer's) may take the ids from
blocks reserved ahead (``IdBlocks``, in force within ``ids_from``): one
statement per thousand rows of a table instead of one per insert.
"""

from __future__ import annotations

import collections
import contextlib
import contextvars
import datetime
import functools
import operator
from collections.abc import Sequence
from typing import TypeVar

from django.db import connection, models
from django.db.models import Model
from django.utils import timezone

M = TypeVar("M", bound=Model)

# Up to this many values, new rows go in by one INSERT rather than COPY.
FEW_VALUES = 64


def insert(objs: Sequence[M]) -> Sequence[M]:
    """Insert these new instances of one model; they come back with their ids."""
    if not objs:
        return objs
    model = type(objs[0])
    meta = model._meta
    columns = _columns(model)
    if connection.vendor != "postgresql" or columns.database_defaults:
        # (A default the database computes is left to bulk_create, which asks for it.)
        return model.objects.bulk_create(objs)
    if columns.stamped:
        # What their pre_save() would do, with one time for all the rows.
        now = timezone.now()
        for obj in objs:
            for name in columns.stamped:
                setattr(obj, name, now)
    with connection.cursor() as cursor:
        unnumbered = [obj for obj in objs if obj.pk is None]
        if unnumbered:
            blocks = _blocks.get() or IdBlocks(size=0)
            for obj, pk in zip(unnumbered, blocks.take(cursor, meta, len(unnumbered)), strict=True):
                obj.pk = pk
        if len(objs) * columns.count <= FEW_VALUES:
            # A few rows (an issue's sections, its distribution list): one INSERT, one
            # round trip, where COPY takes two and costs the server more to set up.
            rows = [columns.row(obj) for obj in objs]
            marks = ", ".join([columns.row_marks] * len(rows))
            cursor.execute(f"{columns.insert_statement} {marks}", [v for row in rows for v in row])
        else:
            with cursor.cursor.copy(columns.copy_statement) as copy:
                for obj in objs:
                    copy.write_row(columns.row(obj))
    alias = connection.alias
    for obj in objs:
        state = obj._state
        state.adding = False
        state.db = alias
    return objs


class IdBlocks:
    """Ids taken from the tables' sequences ahead of need, ``size`` at a time (0: as
    many as needed, no more). Ids taken and not used are skipped, as those of a
    rolled-back insert are."""

    def __init__(self, size: int = 1000):
        self.size = size
        self._free: dict[str, collections.deque[int]] = {}

    def take(self, cursor, meta, count: int) -> list[int]:
        """``count`` new ids of ``meta``'s table, in ascending order."""
        free = self._free.setdefault(meta.db_table, collections.deque())
        if len(free) < count:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, max(self.size, count - len(free))],
            )
            free.extend(sorted(pk for (pk,) in cursor.fetchall()))
        return [free.popleft() for _ in range(count)]


_blocks: contextvars.ContextVar[IdBlocks | None] = contextvars.ContextVar("bulk_ids", default=None)


@contextlib.contextmanager
def ids_from(blocks: IdBlocks | None):
    """Within it, ``insert`` takes new ids from ``blocks`` (``None``: as it comes)."""
    token = _blocks.set(blocks)
    try:
        yield
    finally:
        _blocks.reset(token)


# Fields whose value, when it is of one of these types, is stored as it stands: what
# Django would prepare it into is the same value (``Field.get_db_prep_save``).
_AS_IT_STANDS = {
    models.CharField: (str,),
    models.TextField: (str,),
    models.BooleanField: (bool,),
    **dict.fromkeys(
        (
            models.AutoField,
            models.BigAutoField,
            models.SmallAutoField,
            models.IntegerField,
            models.BigIntegerField,
            models.SmallIntegerField,
            models.PositiveIntegerField,
            models.PositiveBigIntegerField,
            models.PositiveSmallIntegerField,
        ),
        (int,),
    ),
}


def _stamped(field) -> bool:
    """Is ``field`` set to the time of the insert (``auto_now``, ``auto_now_add``)? Its
    value is then ``timezone.now()``, which Django stores as it stands."""
    return type(field) is models.DateTimeField and (field.auto_now or field.auto_now_add)


def _stored_as_it_stands(field) -> frozenset[type] | None:
    """The types of value ``field`` stores as they stand, if any (a key stores its
    target's, which may be a key itself)."""
    if _stamped(field):
        return frozenset((datetime.datetime,))
    while type(field) in (models.ForeignKey, models.OneToOneField):
        field = field.target_field
    types = _AS_IT_STANDS.get(type(field))
    return None if types is None else frozenset((*types, type(None)))


class _Columns:
    """A model's columns for ``COPY``: first those whose values are taken as they
    stand (one attribute lookup for them all), then those Django prepares; which
    are set to the time of the insert (``stamped``); and whether the database
    computes a default for any of them."""

    def __init__(self, meta, fields):
        self.database_defaults = any(field.has_db_default() for field in fields)
        self.stamped = [field.attname for field in fields if _stamped(field)]
        plain = [(field, _stored_as_it_stands(field)) for field in fields]
        self.plain = [field for field, types in plain if types]
        self.prepared = [field for field, types in plain if not types]
        self._types = [types for _field, types in plain if types]
        quote = connection.ops.quote_name
        names = ", ".join(quote(field.column) for field in self.plain + self.prepared)
        self.copy_statement = f"COPY {quote(meta.db_table)} ({names}) FROM STDIN"
        self.insert_statement = f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES"
        self.count = len(self.plain) + len(self.prepared)
        self.row_marks = "(" + ", ".join(["%s"] * self.count) + ")"
        names = [field.attname for field in self.plain]
        # (attrgetter of one name returns the value, not a tuple of one.)
        self._values = (
            operator.attrgetter(*names) if len(names) > 1 else lambda obj: (getattr(obj, names[0]),)
        )

    def row(self, obj) -> list:
        values = list(self._values(obj))
        if not all(map(frozenset.__contains__, self._types, map(type, values))):
            # Another type (a lazy translation, a number in a text field): as Django would.
            values = [self._prepare(field, obj) for field in self.plain]
        return values + [self._prepare(field, obj) for field in self.prepared]

    @staticmethod
    def _prepare(field, obj):
        return field.get_db_prep_save(field.pre_save(obj, True), connection)


@functools.cache
def _columns(model) -> _Columns:
    meta = model._meta
    return _Columns(meta, [field for field in meta.concrete_fields if not field.generated])
