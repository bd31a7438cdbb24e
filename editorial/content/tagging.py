"""How typed tags are read: ``，``, ``、`` and ``；`` (and ``;``) separate tags as
``,`` does, wherever tags are typed (the article form, the admin, taggit's own
forms). django-taggit reads a typed list through the function named by
``TAGGIT_TAGS_FROM_STRING``, which is ``parse_tags``; quoting and the rest are
taggit's own rules."""

from taggit.utils import _parse_tags

# The separators a Chinese keyboard types between items, read as the comma.
_SEPARATORS = str.maketrans({"，": ",", "、": ",", "；": ",", ";": ","})


def parse_tags(text: str) -> list[str]:
    """女职工，巾帼建功 → ["女职工", "巾帼建功"]: the tag names typed, sorted and unique."""
    return _parse_tags((text or "").translate(_SEPARATORS))
