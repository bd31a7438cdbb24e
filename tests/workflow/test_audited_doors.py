"""Every editorial action leaves one audit record, under a name registered in
the one table of them (``audit.LABELS``): changing or deleting a correction in
the admin, deleting a forwarding, as well as the steps that always did."""

import pytest
from django.urls import reverse

from editorial.workflow import audit, errata
from editorial.workflow.models import AuditEntry, Correction
from tests.signing import first_article, signed_and_published

pytestmark = pytest.mark.django_db


@pytest.fixture
def correction(chief, committed):
    with committed():
        issue = signed_and_published(chief, year=2026, number=5)
        return errata.attach(
            first_article(issue), wrong="二〇〇七年", right="二〇〇八年", user=chief
        )


def test_a_name_not_in_the_table_is_refused(chief):
    with pytest.raises(ValueError):
        audit.record("corect", actor=chief)
    assert not AuditEntry.objects.filter(action="corect").exists()


def test_every_registered_action_has_a_name_for_people():
    for action, name in audit.LABELS.items():
        assert str(name) and str(name) != action


def test_changing_a_correction_in_the_admin_leaves_an_audit_record(client, chief, correction):
    client.force_login(chief)
    url = reverse("admin:editorial_correction_change", args=[correction.pk])
    client.post(
        url,
        {
            "article": correction.article_id,
            "wrong": "二〇〇七年",
            "right": "二〇〇九年",
            "corrected_at_0": "2026-03-09",
            "corrected_at_1": "10:00:00",
        },
    )

    assert Correction.objects.get().right == "二〇〇九年"
    entry = AuditEntry.objects.get(action=audit.CORRECTION_CHANGED)
    assert (entry.actor, entry.data["before"]["right"]) == (chief, "二〇〇八年")


def test_deleting_a_correction_in_the_admin_leaves_an_audit_record(client, chief, correction):
    client.force_login(chief)
    url = reverse("admin:editorial_correction_delete", args=[correction.pk])
    client.post(url, {"post": "yes"})

    assert not Correction.objects.exists()
    entry = AuditEntry.objects.get(action=audit.CORRECTION_DELETED)
    assert (entry.actor, entry.data["right"]) == (chief, "二〇〇八年")


def test_an_editor_can_neither_change_nor_delete_a_correction(client, editor, correction):
    client.force_login(editor)
    change = reverse("admin:editorial_correction_change", args=[correction.pk])
    delete = reverse("admin:editorial_correction_delete", args=[correction.pk])
    client.post(change, {"article": correction.article_id, "wrong": "甲", "right": "乙"})
    client.post(delete, {"post": "yes"})

    assert Correction.objects.get().right == "二〇〇八年"
    assert not AuditEntry.objects.filter(
        action__in=[audit.CORRECTION_CHANGED, audit.CORRECTION_DELETED]
    ).exists()
