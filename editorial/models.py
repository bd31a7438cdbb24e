"""Django's entry to the application's models, which live with their concerns:
``content`` (issues and what they hold), ``workflow`` (steps, corrections,
subscriptions), ``signed`` (signed versions: the reader's copy), ``search`` and
``submissions`` (information work: officers, submissions, scoring) and
``offices`` (offices, their bulletins, who works where).

Nothing in ``editorial`` imports this module; Django's app registry and the old
migrations do.
"""

from editorial.content.models import *  # noqa: F403
from editorial.content.models import default_publisher, default_title  # noqa: F401
from editorial.offices.models import *  # noqa: F403
from editorial.output.models import *  # noqa: F403
from editorial.search.models import *  # noqa: F403
from editorial.signed.models import *  # noqa: F403
from editorial.submissions.models import *  # noqa: F403
from editorial.workflow.models import *  # noqa: F403
