"""`python manage.py send_recommendation_reminders [--before 3]`: e-mail the addressees of recommendations
that they still have to carry out (open, in progress, reopened): `--before` days before the due date, on the
due date, and every 7 days after it while overdue.

Safe to run daily from cron: each reminder is recorded in the audit trail (action
"recommendation_reminder", with the threshold and the due date) and never sent twice; a missed day is caught
up on the next run. A recommendation reported done waits for the Labour office's check, so its addressee is
not reminded; nor are those of cancelled visits.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from monitoring import notifications
from monitoring.models import PENDING_STATUSES, Recommendation, VisitStatus
from tuachua.audit import log_action
from tuachua.models import AuditEntry

ACTION = "recommendation_reminder"


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(_("Ngày không hợp lệ: %(value)s (dạng 2024-12-20).") % {"value": value}) from exc


class Command(BaseCommand):
    help = "Nhắc nơi nhận kiến nghị: trước hạn N ngày, đúng ngày đến hạn và hằng tuần khi đã quá hạn."

    def add_arguments(self, parser):
        parser.add_argument("--before", type=int, default=3, help="Số ngày trước hạn để nhắc (mặc định: 3).")
        parser.add_argument("--date", type=_day, help="Coi hôm nay là ngày này (dạng 2024-12-20); mặc định: hôm nay.")

    def handle(self, *args, before=3, date=None, **options):
        if before < 1:
            raise CommandError(_("--before phải từ 1 trở lên."))
        today = date or timezone.localdate()
        pending = (
            Recommendation.objects.filter(
                status__in=PENDING_STATUSES, due_date__lte=today + datetime.timedelta(days=before)
            )
            .exclude(visit__status=VisitStatus.CANCELLED)
            .select_related("visit", "unit", "office")
            .order_by("due_date", "pk")
        )
        due = []
        for rec in pending:
            threshold = notifications.reminder_threshold(rec.due_date, today, before=before)
            if threshold is not None:
                due.append((rec, threshold))
        done = set(
            AuditEntry.objects.filter(
                action=ACTION, object_type="monitoring.recommendation", object_id__in=[str(rec.pk) for rec, _t in due]
            ).values_list("object_id", "data__threshold", "data__due_date")
        )
        due = [(rec, t) for rec, t in due if (str(rec.pk), t, rec.due_date.isoformat()) not in done]
        emails = notifications.addressee_emails([rec for rec, _t in due])
        sent = 0
        for rec, threshold in due:
            count = notifications.recommendation_reminder(
                recommendation=rec, today=today, recipients=emails.get(rec.pk, [])
            )
            log_action(
                actor=None, action=ACTION, obj=rec, threshold=threshold, due_date=rec.due_date.isoformat(), sent=count
            )
            sent += count
        self.stdout.write(_("Đã gửi %(sent)s thư nhắc cho %(recs)s kiến nghị.") % {"sent": sent, "recs": len(due)})
