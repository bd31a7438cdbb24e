"""Old bulletins as offices hold them, into the database.

``parser``, ``organizations`` and ``filenames`` are plain Python (no Django:
bytes in, dataclasses out). ``importer.LegacyImporter`` is the one write path,
one transaction per file; ``batch.import_files`` runs a batch, in worker
processes on PostgreSQL.
"""
