"""The working copy: issues, sections, articles, their sources, organizations,
recipients and distribution lists, units and read receipts.

Entry points: ``models`` (the rows; who may read an issue is decided from the
reader's copy, ``editorial.signed.readers``),
``records.content_record`` (an issue's content as a plain record;
``records.related`` reads a prefetched relation),
``ordering`` (numbering siblings 1..n), ``attribution`` (an article's
sources and the attribution printed from them), ``people.person_name`` (how a
person is named, 王建国, everywhere; the ``person`` template filter),
``tagging.parse_tags`` (，、； separate typed tags as commas do), ``bulk.insert`` (many new rows
of one model in one statement; ``bulk.ids_from`` lends a batch ids reserved
ahead). The bottom layer: of
``editorial`` it imports only the plain-Python naming rules (``editorial.naming``).
"""
