"""Every issue as plain JSON files that outlive this software, and back.

Entry points: ``records.export_archive``, ``records.import_archive``,
``legacy_text.export_legacy``.
"""
