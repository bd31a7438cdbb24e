"""Old bulletins as offices hold them, into the database.

``parser``, ``word`` and ``filenames`` are plain Python (no Django: bytes in,
dataclasses out), as is ``editorial.naming``, the rules of organizations'
names they share with ``content``. ``messages`` says the parser's warnings (codes with
parameters) in Chinese. ``importer.LegacyImporter`` is the one write path,
one transaction per file; ``batch.import_files`` runs a batch, in worker
processes on PostgreSQL.
"""
