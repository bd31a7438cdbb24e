"""Path converters: a number in an address is one the database can hold.

Django's ``int`` converter takes any run of digits. A number beyond the
database's integer range (64 bits on SQLite and PostgreSQL) would reach a query
and fail there — SQLite raises ``OverflowError`` — instead of matching nothing.
``<dbint:...>`` matches only numbers the database can hold, so any other address
is simply not found (404). Registered in ``EditorialConfig.ready``.
"""

from django.db import connection


class DatabaseIntegerConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        _, largest = connection.ops.integer_field_range("BigIntegerField")
        if number > largest:
            raise ValueError(f"{value} is beyond the database's integer range")
        return number

    def to_url(self, value) -> str:
        return str(int(value))
