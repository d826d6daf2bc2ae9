"""`python manage.py send_deadline_reminders [--days 3]`: e-mail units that have not submitted their list.

Safe to run daily from cron: a unit is reminded at most once per event and day count (the reminder is
recorded in the audit trail and not repeated)."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from training import notifications
from training.models import ListStatus, RegistrationList, TrainingEvent
from training.selectors import participating_units
from tuachua.audit import log_action
from tuachua.models import AuditEntry


class Command(BaseCommand):
    help = "Nhắc các đơn vị chưa gửi danh sách đăng ký khi còn N ngày đến hạn."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, action="append", help="Số ngày trước hạn (mặc định: 7, 3 và 1).")

    def handle(self, *args, days=None, **options):
        now = timezone.now()
        thresholds = sorted(set(days or [7, 3, 1]))
        horizon = now + datetime.timedelta(days=max(thresholds))
        events = TrainingEvent.objects.filter(
            registration_deadline__gt=now, registration_deadline__lte=horizon
        ).select_related("activity__plan__issuing_unit")
        sent = 0
        for event in events:
            days_left = (event.registration_deadline - now).days
            threshold = next((d for d in thresholds if days_left < d), None)
            if threshold is None:
                continue
            done = set(
                RegistrationList.objects.filter(
                    event=event, status__in=[ListStatus.SUBMITTED, ListStatus.APPROVED]
                ).values_list("unit_id", flat=True)
            )
            reminded = set(
                AuditEntry.objects.filter(
                    action="deadline_reminder",
                    object_type="training.trainingevent",
                    object_id=str(event.pk),
                    data__threshold=threshold,
                ).values_list("data__unit", flat=True)
            )
            for unit in participating_units(event):
                if unit.pk in done or unit.pk in reminded or unit.pk == event.activity.plan.issuing_unit_id:
                    continue
                sent += notifications.deadline_reminder(event=event, unit=unit, days_left=days_left + 1)
                log_action(actor=None, action="deadline_reminder", obj=event, unit=unit.pk, threshold=threshold)
        self.stdout.write(_("Đã gửi %(n)s thư nhắc hạn.") % {"n": sent})
