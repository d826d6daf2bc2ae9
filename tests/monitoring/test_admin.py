"""Reference data kept in the back office: every change is audited."""

from django.urls import reverse

from monitoring.models import PublicHoliday
from tuachua.models import AuditEntry


def test_adding_a_holiday_in_the_admin_is_audited(world, login):
    response = login(world.users.admin).post(
        reverse("admin:monitoring_publicholiday_add"), {"date": "2026-09-02", "name": "Quốc khánh"}
    )
    assert response.status_code == 302
    holiday = PublicHoliday.objects.get(name="Quốc khánh")
    entry = AuditEntry.objects.get(action="admin_add", object_type="monitoring.publicholiday")
    assert entry.object_id == str(holiday.pk) and entry.actor == world.users.admin
    assert entry.data["changes"]["name"] == "Quốc khánh"
