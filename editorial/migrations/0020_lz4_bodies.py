"""Compress articles' bodies, working and signed, with lz4 instead of pglz, as 0009
does for the signed versions: a body longer than some 2 KB is compressed when it is
written, and an imported issue writes each body twice (its article and the reader's
copy). A server built without lz4 keeps pglz. Nothing on SQLite. Existing values stay
as they are until rewritten.
"""

from django.db import migrations

BODIES = [("editorial_article", "body"), ("editorial_signedarticle", "body")]


def compression(method):
    def alter(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        statements = "".join(
            f"ALTER TABLE {table} ALTER COLUMN {column} SET COMPRESSION {method};"
            for table, column in BODIES
        )
        # feature_not_supported: "compression method lz4 not supported" (built without it).
        schema_editor.execute(
            f"DO $$ BEGIN {statements} EXCEPTION WHEN feature_not_supported THEN NULL; END $$"
        )

    return alter


class Migration(migrations.Migration):
    dependencies = [("editorial", "0019_search_codes")]

    operations = [migrations.RunPython(compression("lz4"), compression("pglz"))]
