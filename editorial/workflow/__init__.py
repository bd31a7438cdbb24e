"""How an issue moves from draft to published, and who may change what.

Entry points: ``rules.may_change`` (the one change rule, asked by every door),
``transitions.perform`` (every step, checked on the server), ``signoff.sign``
(a signed version, the reader's copy and its index), ``audit.record`` (one
entry per editorial action), ``notifications`` (who hears of a step).
"""
