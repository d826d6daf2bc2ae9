"""`python manage.py load_demo`: the Tủa Chùa 2024 plan, demo accounts, the plan's training events and
its monitoring (visits, recommendations, reporting periods, submissions); with `--with-registrations`,
registration lists in every state too.

It lives in `tuachua/` because it combines several apps (`plans/` never imports `training/` or `monitoring/`).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from monitoring.demo import load_monitoring_demo
from plans.demo.loader import load_demo
from plans.demo.tua_chua_2024 import DEMO_PASSWORD
from training.demo import load_demo_registrations, load_training_demo
from training.models import EventKind, ListStatus


class Command(BaseCommand):
    help = "Tải dữ liệu mẫu: kế hoạch Dự án 7 năm 2024 của huyện Tủa Chùa, các lớp tập huấn và tài khoản dùng thử."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Chạy cả khi DEBUG=false (máy chủ thật). Cẩn thận: tạo tài khoản mật khẩu chung.",
        )
        parser.add_argument(
            "--with-registrations",
            action="store_true",
            help="Tạo thêm danh sách đăng ký mẫu của các đơn vị (đang soạn, đã gửi, trả lại, đã duyệt).",
        )

    def handle(self, *args, force=False, with_registrations=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                _("Đang chạy với DEBUG=false: dữ liệu mẫu có mật khẩu chung. Dùng --force nếu thật sự muốn tải.")
            )
        with transaction.atomic():
            report = load_demo()
            events = load_training_demo()
            registrations = load_demo_registrations() if with_registrations else None
            monitoring = load_monitoring_demo()
        if report.created:
            summary = ", ".join(f"{what}: {count}" for what, count in sorted(report.created.items()))
            self.stdout.write(self.style.SUCCESS(_("Đã tạo mới — %(summary)s") % {"summary": summary}))
        else:
            self.stdout.write(_("Dữ liệu mẫu đã có sẵn; không thay đổi gì."))
        self._write_training(events, registrations)
        self._write_monitoring(monitoring)
        self.stdout.write("")
        self.stdout.write(_("Tài khoản dùng thử (mật khẩu: %(password)s):") % {"password": DEMO_PASSWORD})
        width = max(len(username) for username, _role, _unit in report.accounts)
        for username, role, unit in report.accounts:
            self.stdout.write(f"  {username.ljust(width)}  {role} — {unit}")

    def _write_training(self, events: dict[str, int], registrations: dict[str, int] | None) -> None:
        if any(events.values()):
            summary = ", ".join(f"{EventKind(kind).label}: {count}" for kind, count in events.items() if count)
            self.stdout.write(self.style.SUCCESS(_("Tập huấn — đã tạo %(summary)s") % {"summary": summary}))
        else:
            self.stdout.write(_("Các lớp, đợt tập huấn mẫu đã có sẵn."))
        if registrations is None:
            return
        if registrations["lists"]:
            states = ", ".join(
                f"{ListStatus(status).label.lower()}: {registrations[status]}"
                for status in (ListStatus.DRAFT, ListStatus.SUBMITTED, ListStatus.RETURNED, ListStatus.APPROVED)
                if registrations[status]
            )
            self.stdout.write(
                self.style.SUCCESS(
                    _("Danh sách đăng ký — đã tạo %(lists)s danh sách, %(delegates)s đại biểu (%(states)s)")
                    % {"lists": registrations["lists"], "delegates": registrations["delegates"], "states": states}
                )
            )
        else:
            self.stdout.write(_("Danh sách đăng ký mẫu đã có sẵn."))

    def _write_monitoring(self, counts: dict[str, int]) -> None:
        if not any(counts.values()):
            self.stdout.write(_("Dữ liệu giám sát mẫu đã có sẵn."))
            return
        template = _(
            "Giám sát — đã tạo %(visits)s cuộc giám sát (%(team_members)s thành viên đoàn), "
            "%(findings)s phát hiện, %(recommendations)s kiến nghị, %(responses)s phản hồi, "
            "%(submissions)s báo cáo đã nộp, %(periods)s kỳ báo cáo, %(holidays)s ngày nghỉ lễ"
        )
        summary = template % counts
        self.stdout.write(self.style.SUCCESS(summary))
