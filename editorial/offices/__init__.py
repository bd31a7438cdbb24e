"""Offices (编辑部), the bulletins (刊物) each publishes, and who works where.

One installation serves a federation and the federations below it: each office
edits, signs off and publishes only its own bulletins (``access``), numbers each
bulletin's issues on their own (``editorial.workflow.numbering``) and prints
each bulletin's own masthead, publisher and distribution list.
"""
