"""What the chief editor signed: immutable versions, and the reader's copy.

Entry points: ``readers`` — the one place reader-facing code asks for an
issue's content (pages, lists, counts, search filters, feed, sitemap, e-mails,
receipts); ``publish.publish_copy`` — the one writer of the reader's copy,
called by a sign-off; ``compare.compare`` — two versions side by side.
"""
