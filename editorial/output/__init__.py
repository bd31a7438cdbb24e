"""The signed issue as the office sends it: a print-ready PDF, a Word file, and
the issue by e-mail.

Everything here reads the issue through ``editorial.signed.readers`` (what the
chief editor signed, with its corrections: ``printed.signed_copy``); only an
editor's preview of a draft reads the working copy, and it is never kept.

Entry points: ``files.signed_file`` (the signed issue's PDF or Word file,
rendered once per signed version and kept), ``files.draft_pdf`` (an editor's
preview), ``mailing`` (the issue to its subscribers and units).
"""
