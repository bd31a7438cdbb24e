"""The signed issue as the office sends it: a print-ready PDF, a Word file, and
the issue by e-mail.

Everything here reads the issue through ``editorial.signed.readers`` (what the
chief editor signed, with its corrections: ``printed.signed_copy``); only an
editor's preview of a draft reads the working copy, and it is never kept.

Entry points: ``files.signed_file`` (the signed issue's PDF or Word file,
rendered once per signed version and kept, one render at a time),
``files.draft_pdf`` (an editor's preview), ``files.render_problems`` (why an
issue could not be rendered, for its editors before sign-off),
``files.unavailable`` (the 503 page when a file cannot be given now),
``mailing`` (the issue to its subscribers and units). Every render is bounded
in size, time and memory (``bounds``).
"""
