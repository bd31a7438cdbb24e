"""Demo data for information work (``manage.py setup_demo``): an officer of a
demo unit under 常熟市总工会 (reporting to 常熟市总工会办公室), a monthly quota,
the higher-level publications with a scoring table, and a few submissions in
different states. Safe to run again."""

from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from editorial.content.models import SourceOrganization
from editorial.submissions import decisions
from editorial.submissions.models import (
    OFFICERS,
    HigherPublication,
    InformationOfficer,
    ScoringRule,
    Submission,
    UnitQuota,
)

UNIT = "常熟市梅李镇总工会"
UNIT_PARENT = "常熟市总工会"
OFFICER = ("officer", "officer-demo-2026")
# (publication or None for this bulletin, points for an article, for a 简讯), one county's table.
SCORING = [
    (None, 10, 5),
    ("市委办信息", 15, 8),
    ("省总《工会信息》", 25, 10),
    ("全总《工人日报》内参", 40, 15),
]
SUBMISSIONS = [
    ("梅李镇总工会开展“金秋助学”活动", "submitted", ""),
    ("梅李镇职工技能竞赛决赛举行", "returned", "请补充参赛人数和获奖情况。"),
    ("梅李镇总工会召开全委会议", "declined", "与本期已采用稿件重复。"),
]


def setup(handler, office=None) -> list[str]:
    """Create what is missing; ``handler`` (an editor of ``office``, the office the
    unit reports to) takes the office's decisions. Returns the lines to print."""
    unit = SourceOrganization.objects.resolve_or_create(UNIT)
    if unit.parent_id is None:
        unit.parent = SourceOrganization.objects.resolve_or_create(UNIT_PARENT)
        unit.save(update_fields=["parent"])
    # Its officer's items go to the inbox of the office it reports to.
    if office is not None and unit.reports_to_id != office.pk:
        unit.reports_to = office
        unit.save(update_fields=["reports_to"])
    username, password = OFFICER
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={
            "is_staff": True,
            "last_name": "陈",
            "first_name": "晓",
            "email": f"{username}@example.org",
        },
    )
    if created:
        user.set_password(password)
        user.save()
    user.groups.add(Group.objects.get(name=OFFICERS))
    InformationOfficer.objects.update_or_create(user=user, defaults={"unit": unit})
    UnitQuota.objects.get_or_create(unit=unit, defaults={"per_month": 2})
    for position, (name, article, brief) in enumerate(SCORING):
        publication = None
        if name:
            publication, _ = HigherPublication.objects.get_or_create(
                name=name, defaults={"position": position}
            )
        for kind, points in (("article", article), ("brief", brief)):
            ScoringRule.objects.get_or_create(
                publication=publication,
                kind=kind,
                starts_on=date(2000, 1, 1),
                defaults={"points": points},
            )
    if not Submission.objects.filter(unit=unit).exists():
        for title, state, comment in SUBMISSIONS:
            submission = decisions.submit(
                Submission(
                    unit=unit,
                    title=title,
                    body=f"{title}。\n\n本报讯 近日，{title}，取得良好效果。",
                    authors="陈晓",
                    contact_phone="0512-52000000",
                ),
                user,
            )
            if state == "returned":
                decisions.return_for_revision(submission, handler, comment=comment)
            elif state == "declined":
                decisions.decline(submission, handler, reason=comment)
    return [
        f"  information officer (信息员) of {unit.name}: {username} / {password} <{user.email}>"
    ]
