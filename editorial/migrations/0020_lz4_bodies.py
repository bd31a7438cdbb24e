"""Compress articles' bodies, working and signed, with lz4 instead of pglz, as 0009
does for the signed versions: a body longer than some 2 KB is compressed when it is
written, and an imported issue writes each body twice (its article and the reader's
copy). A server built without lz4 keeps pglz. Nothing on SQLite. Existing values stay
as they are until rewritten.
"""

import importlib

from django.db import migrations

BODIES = [("editorial_article", "body"), ("editorial_signedarticle", "body")]

# The same step as 0009's, for other columns (a module name that starts with a digit).
compression = importlib.import_module("editorial.migrations.0009_lz4_compression").compression


class Migration(migrations.Migration):
    dependencies = [("editorial", "0019_search_codes")]

    operations = [
        migrations.RunPython(compression("lz4", BODIES), compression("pglz", BODIES)),
    ]
