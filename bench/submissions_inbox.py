"""The office's inbox (来稿) and the 通报 at scale: 10,000 submissions from 200
units, on PostgreSQL.

    scripts/with-postgres .venv/bin/python bench/submissions_inbox.py [--submissions 10000]

Creates its own database beside the configured one, fills it, requests each
page several times in-process (signed in as a superuser) and prints the median
time and the number of SQL queries per page. The database is dropped at the end.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsletter.settings")
os.environ["DEBUG"] = "true"
os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 50)
os.environ["ALLOWED_HOSTS"] = "testserver"

UNITS = 200


def fill(total: int) -> None:
    from datetime import date, datetime, timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from editorial.content.models import SourceOrganization
    from editorial.submissions.models import InformationOfficer, ScoringRule, Submission

    units = SourceOrganization.objects.bulk_create(
        SourceOrganization(name=f"第{n}基层工会") for n in range(UNITS)
    )
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"officer{n}", is_staff=True) for n in range(UNITS)
    )
    InformationOfficer.objects.bulk_create(
        InformationOfficer(user=user, unit=unit, since=date(2020, 1, 1))
        for user, unit in zip(users, units, strict=True)
    )
    ScoringRule.objects.create(kind="article", points=10, starts_on=date(2000, 1, 1))
    ScoringRule.objects.create(kind="brief", points=5, starts_on=date(2000, 1, 1))
    start = timezone.make_aware(datetime(2026, 1, 1, 9))
    statuses = ["submitted", "adopted", "declined", "returned", "resubmitted", "adopted"]
    Submission.objects.bulk_create(
        Submission(
            unit=units[n % UNITS],
            submitted_by=users[n % UNITS],
            title=f"第{n}篇：职工素质工程推进会",
            body="市总工会召开会议，部署下一阶段工作。\n\n会议要求各级工会狠抓落实。",
            suggested_kind="brief" if n % 3 == 0 else "article",
            contact_phone="0512-52000000",
            status=statuses[n % len(statuses)],
            submitted_at=start + timedelta(minutes=45 * n),
            adopted_as=("brief" if n % 3 == 0 else "article")
            if statuses[n % len(statuses)] == "adopted"
            else "",
            adopted_on=(start + timedelta(minutes=45 * n, days=2)).date()
            if statuses[n % len(statuses)] == "adopted"
            else None,
        )
        for n in range(total)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    from bench.admin_changelist import measure_admin_pages

    inbox = "/admin/editorial/submission/"
    circular = "/admin/editorial/submission/statistics/"
    pages = {
        "inbox (new, resubmitted)": inbox,
        "all, first page": inbox + "?status=all",
        "all, page 100": inbox + "?status=all&p=100",
        "by unit": inbox + "?status=all&unit__id__exact=7",
        "adopted 简讯": inbox + "?status=adopted&suggested_kind__exact=brief",
        "search": inbox + "?status=all&q=推进会",
        "通报, a month": circular + "?kind=month&year=2026&number=3",
        "通报, the year": circular + "?kind=year&year=2026",
        "通报, XLSX of the year": circular + "?kind=year&year=2026&format=xlsx",
    }
    measure_admin_pages(fill, args.submissions, "submissions", pages, args.runs)


if __name__ == "__main__":
    main()
