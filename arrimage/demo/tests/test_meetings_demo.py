"""The demonstration's meetings load through the services after the rest of the demonstration, carry
attendance, decisions and follow-ups, and are removed before the demonstration's organisations."""

import pytest
from django.db import transaction

from arrimage.demo.meetings import TABLES, meetings_demo_delete, meetings_demo_load
from arrimage.demo.services import demo_delete, demo_load
from arrimage.meetings.models import Attendance, Decision, FollowUp, Meeting, MeetingStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        demo_load()  # which loads the meetings
        yield list(Meeting.objects.filter(is_demo=True))
        transaction.set_rollback(True)


def test_each_table_has_a_held_and_a_planned_meeting(demo):
    assert len(demo) == 2 * len(TABLES)
    assert Meeting.objects.filter(is_demo=True, status=MeetingStatus.HELD).count() == len(TABLES)
    assert Attendance.objects.filter(meeting__is_demo=True).exclude(status="invited").exists()
    assert Decision.objects.filter(meeting__is_demo=True, method="vote").exists()
    assert FollowUp.objects.open().exists() and FollowUp.objects.exclude(done_on=None).exists()
    planned = [m for m in demo if m.status == MeetingStatus.PLANNED]
    assert all(m.agenda_items.exclude(follow_up=None).exists() for m in planned)
    assert meetings_demo_load() == []


def test_removed_before_the_demonstration(demo):
    assert meetings_demo_delete() == len(demo)
    assert not FollowUp.objects.exists()
    demo_delete()
    assert not Meeting.objects.exists()
