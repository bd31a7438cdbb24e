"""Two editors adding to one section at the same instant each get a position."""

import threading
import time

import pytest
from django.db import connection, transaction

from editorial.content.models import Article, Issue, Section
from editorial.workflow.composing import next_position
from tests.factories import make_issue

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_articles_added_to_one_section_at_once_get_one_position_each():
    issue = make_issue(status=Issue.Status.DRAFT, articles_per_section=2)
    section_id = Section.objects.get(issue=issue).pk
    first_placed, first_may_commit = threading.Event(), threading.Event()
    positions, failures = [], []

    def add(title: str, *, first: bool) -> None:
        try:
            with transaction.atomic():
                section = Section.objects.get(pk=section_id)
                position = next_position(Article, section=section)
                Article.objects.create(section=section, position=position, title=title, body="正文")
                if first:
                    first_placed.set()
                    first_may_commit.wait(10)
            positions.append(position)
        except Exception as error:  # the constraint a second editor would otherwise meet
            failures.append(error)
        finally:
            connection.close()

    first = threading.Thread(target=add, args=("先到的稿件",), kwargs={"first": True})
    first.start()
    assert first_placed.wait(10)
    second = threading.Thread(target=add, args=("同时到的稿件",), kwargs={"first": False})
    second.start()
    time.sleep(0.5)  # the second is now waiting for the first's transaction
    first_may_commit.set()
    first.join(10)
    second.join(10)

    assert failures == []
    assert sorted(positions) == [3, 4]
    titles = list(Article.objects.filter(section_id=section_id).values_list("title", flat=True))
    assert titles[-2:] == ["先到的稿件", "同时到的稿件"]
