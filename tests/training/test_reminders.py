"""send_deadline_reminders: who gets reminded, when, and only once."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from plans.services import user_assign
from tests.factories import UserFactory
from training.models import EventKind, ListStatus, RegistrationList, TrainingEvent
from tuachua.models import AuditEntry
from tuachua.permissions import Role


@pytest.fixture
def event(world):
    event = TrainingEvent.objects.create(
        activity=world.a.activities[0],
        kind=EventKind.TRAINING_CLASS,
        title="Lớp thứ nhất",
        unit_seats=3,
        village_seats=2,
        registration_deadline=timezone.now() + datetime.timedelta(days=2, hours=5),
    )
    event.units.set(world.a.communes)
    for number, commune in enumerate(world.a.communes):
        officer = UserFactory(username=f"reminded{number}", email=f"xa{number}@example.vn")
        user_assign(user=officer, role=Role.UNIT_OFFICER, unit=commune)
    return event


def run(*args):
    out = io.StringIO()
    call_command("send_deadline_reminders", *args, stdout=out)
    return out.getvalue()


def test_units_without_a_submitted_list_are_reminded_once(world, event):
    RegistrationList.objects.create(event=event, unit=world.a.communes[1], status=ListStatus.SUBMITTED)
    assert "Đã gửi 1 thư nhắc hạn." in run()
    assert [m.to for m in mail.outbox] == [["xa0@example.vn"]]
    assert "Lớp thứ nhất" in mail.outbox[0].subject
    assert "còn 3 ngày" in mail.outbox[0].body
    run()  # the same day again: nothing new
    assert len(mail.outbox) == 1
    assert AuditEntry.objects.filter(action="deadline_reminder").count() == 1


def test_a_draft_still_counts_as_not_submitted(world, event):
    RegistrationList.objects.create(event=event, unit=world.a.communes[0], status=ListStatus.DRAFT)
    run()
    assert sorted(m.to[0] for m in mail.outbox) == ["xa0@example.vn", "xa1@example.vn"]


def test_nothing_is_sent_far_from_the_deadline_or_after_it(world, event):
    event.registration_deadline = timezone.now() + datetime.timedelta(days=20)
    event.save()
    run()
    assert mail.outbox == []
    event.registration_deadline = timezone.now() - datetime.timedelta(hours=1)
    event.save()
    run()
    assert mail.outbox == []


def test_a_closer_threshold_reminds_again(world, event):
    run("--days", "3", "--days", "1")
    assert len(mail.outbox) == 2
    event.registration_deadline = timezone.now() + datetime.timedelta(hours=20)
    event.save()
    run("--days", "3", "--days", "1")
    assert len(mail.outbox) == 4
