"""Chinese full-text search over the reader's copy, on PostgreSQL and SQLite.

Entry points: ``fulltext.search_articles``, ``forms.SearchForm`` and
``forms.filter_choices`` (the search page), ``index.index_copy`` (written at
each sign-off), ``index.rebuild_index``, and ``text.prepare`` (its tables built
before a batch import forks its workers).
"""
