"""The working copy: issues, sections, articles, their sources, organizations,
recipients and distribution lists, units and read receipts.

Entry points: ``models`` (``Issue.objects.visible_to`` — who may read an issue),
``records.content_record`` (an issue's content as a plain record),
``ordering`` (numbering siblings 1..n). The bottom layer: it imports no other
package of ``editorial``.
"""
