"""Compress the two large values written with every imported or signed issue (its
search documents and its signed version) with lz4 instead of PostgreSQL's default
pglz: about four times less CPU per value for a similar size. A server built without
lz4 keeps pglz. Nothing on SQLite. Existing values stay as they are until rewritten.
"""

from django.db import migrations

LARGE_VALUES = [
    ("editorial_articlesearchentry", "document"),
    ("editorial_issueversion", "content"),
]


def compression(method, columns=LARGE_VALUES):
    """A migration step that compresses ``columns`` ((table, column) pairs) by ``method``
    (0020 uses it too)."""

    def alter(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        statements = "".join(
            f"ALTER TABLE {table} ALTER COLUMN {column} SET COMPRESSION {method};"
            for table, column in columns
        )
        # feature_not_supported: "compression method lz4 not supported" (built without it).
        schema_editor.execute(
            f"DO $$ BEGIN {statements} EXCEPTION WHEN feature_not_supported THEN NULL; END $$"
        )

    return alter


class Migration(migrations.Migration):
    dependencies = [("editorial", "0008_correction_permissions_and_signed_versions")]

    operations = [migrations.RunPython(compression("lz4"), compression("pglz"))]
