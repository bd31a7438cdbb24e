"""Errata (更正): corrections to articles of published issues.

A chief editor (``editorial.add_correction``, given to 签发人) attaches a
correction to an article of a published issue: what was wrong, what is right,
and when. It shows beside the article on its page and on its issue's page —
the signed version itself is never changed — and the page cache follows it
(``editorial.reading.signals``). The next issue composed lists every correction not yet
announced in a 【更正】 notice (``add_notice``), which the editors may edit like
any article before the issue is signed off. Each correction and each notice
leaves its entry in the audit log.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from editorial.content.headlines import one_line
from editorial.content.models import Article, Issue, Section
from editorial.content.ordering import next_position
from editorial.workflow import audit, rules
from editorial.workflow.models import Correction
from editorial.workflow.numbering import label


class CorrectionRefused(Exception):
    """A correction that cannot be made; ``message`` says why, for the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def ensure_may_correct(user, article: Article) -> None:
    """Refuse, saying why, unless the change rule lets ``user`` correct ``article``
    (``rules.may_correct``: a chief editor, an article of a published issue)."""
    issue = article.section.issue
    if rules.may_correct(user, issue):
        return
    if issue.status != Issue.Status.PUBLISHED:
        raise CorrectionRefused(
            _("Only an article of a published issue can be corrected; edit this one instead.")
        )
    raise CorrectionRefused(_("Only a chief editor can correct a published article."))


def attach(article: Article, *, wrong: str, right: str, user, at=None) -> Correction:
    """Attach a correction to ``article`` as ``user`` (a chief editor)."""
    ensure_may_correct(user, article)
    wrong, right = wrong.strip(), right.strip()
    if not wrong or not right:
        raise CorrectionRefused(_("Say what was wrong and what is right."))
    correction = Correction(
        article=article, wrong=wrong, right=right, corrected_at=at or timezone.now()
    )
    return save_new(correction, user)


def save_new(correction: Correction, user) -> Correction:
    """Store a new ``correction`` as ``user``'s, with its entry in the audit log.

    ``attach`` checks it first; the admin's correction form checks it the same way.
    """
    with transaction.atomic():
        correction.corrected_by = user
        correction.save()
        audit.record(
            audit.CORRECT,
            actor=user,
            obj=correction,
            issue=correction.article.section.issue,
            data={"article": correction.article_id, "title": correction.article.title},
        )
    return correction


def change(correction: Correction, user, *, wrong: str, right: str) -> Correction:
    """Change what ``correction`` says, as ``user``: on its row locked, by the rule
    of attaching one, with its entry in the audit log."""
    with transaction.atomic():
        locked = Correction.objects.select_for_update().get(pk=correction.pk)
        ensure_may_correct(user, locked.article)
        before = {"wrong": locked.wrong, "right": locked.right}
        locked.wrong, locked.right = wrong.strip(), right.strip()
        if not locked.wrong or not locked.right:
            raise CorrectionRefused(_("Say what was wrong and what is right."))
        locked.save(update_fields=["wrong", "right"])
        audit.record(
            audit.CORRECTION_CHANGED,
            actor=user,
            obj=locked,
            issue=locked.article.section.issue,
            data={"article": locked.article_id, "before": before},
        )
    return locked


def delete(correction: Correction, user) -> None:
    """Delete ``correction``, as ``user``, by the rule of attaching one, with its
    entry in the audit log."""
    with transaction.atomic():
        locked = Correction.objects.select_for_update().filter(pk=correction.pk).first()
        if locked is None:
            return
        ensure_may_correct(user, locked.article)
        audit.record(
            audit.CORRECTION_DELETED,
            actor=user,
            obj=locked,
            issue=locked.article.section.issue,
            data={"article": locked.article_id, "wrong": locked.wrong, "right": locked.right},
        )
        locked.delete()


def by_article(article_ids) -> dict[int, list[Correction]]:
    """The corrections of these articles, oldest first, in one query."""
    found: dict[int, list[Correction]] = defaultdict(list)
    for correction in Correction.objects.filter(article_id__in=list(article_ids)):
        found[correction.article_id].append(correction)
    return found


def show_on(articles) -> None:
    """Give each article its ``correction_list`` (for the reading pages)."""
    articles = list(articles)
    found = by_article(article.pk for article in articles)
    for article in articles:
        article.correction_list = found.get(article.pk, [])


# --- The next issue's 更正 notice -------------------------------------------------------------


def not_yet_announced(issue: Issue | None = None):
    """Corrections no 更正 notice lists yet (those of ``issue`` itself left out)."""
    corrections = Correction.objects.filter(noticed_in__isnull=True).select_related(
        "article__section__issue"
    )
    if issue is not None:
        corrections = corrections.exclude(article__section__issue=issue)
    return corrections.order_by("corrected_at", "pk")


def notice_section_name() -> str:
    return _("Corrections")


def notice_text(corrections) -> str:
    """The body of a 更正 notice: one paragraph per correction, then 特此更正."""
    lines = [
        _("In %(issue)s, “%(title)s”: “%(wrong)s” should read “%(right)s”.")
        % {
            "issue": _label(correction.article.section.issue),
            "title": one_line(correction.article.title),
            "wrong": correction.wrong,
            "right": correction.right,
        }
        for correction in corrections
    ]
    lines.append(_("We regret the errors."))
    return "\n\n".join(lines)


def _label(issue: Issue) -> str:
    return label(issue.series, issue.year, issue.number)


def add_notice(issue: Issue, *, actor) -> Article | None:
    """Add a 【更正】 section at the end of ``issue`` listing the corrections not yet
    announced, and mark them announced there, as ``actor``. None when there are none."""
    with transaction.atomic():
        corrections = list(not_yet_announced(issue).select_for_update(of=("self",)))
        if not corrections:
            return None
        name = notice_section_name()
        section = issue.sections.filter(name=name).first()
        if section is None:
            section = Section.objects.create(
                issue=issue, name=name, position=next_position(Section, issue=issue)
            )
        article = Article.objects.create(
            section=section,
            position=next_position(Article, section=section),
            title=name,
            body=notice_text(corrections),
        )
        Correction.objects.filter(pk__in=[c.pk for c in corrections]).update(noticed_in=issue)
        audit.record(
            audit.NOTICE,
            actor=actor,
            obj=article,
            issue=issue,
            data={"corrections": [correction.pk for correction in corrections]},
        )
    return article
