"""`python manage.py load_demo`: the Tủa Chùa 2024 plan and demo accounts."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from plans.demo.loader import load_demo
from plans.demo.tua_chua_2024 import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Tải dữ liệu mẫu: kế hoạch Dự án 7 năm 2024 của huyện Tủa Chùa và các tài khoản dùng thử."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Chạy cả khi DEBUG=false (máy chủ thật). Cẩn thận: tạo tài khoản mật khẩu chung.",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                _("Đang chạy với DEBUG=false: dữ liệu mẫu có mật khẩu chung. Dùng --force nếu thật sự muốn tải.")
            )
        report = load_demo()
        if report.created:
            summary = ", ".join(f"{what}: {count}" for what, count in sorted(report.created.items()))
            self.stdout.write(self.style.SUCCESS(_("Đã tạo mới — %(summary)s") % {"summary": summary}))
        else:
            self.stdout.write(_("Dữ liệu mẫu đã có sẵn; không thay đổi gì."))
        self.stdout.write("")
        self.stdout.write(_("Tài khoản dùng thử (mật khẩu: %(password)s):") % {"password": DEMO_PASSWORD})
        width = max(len(username) for username, _role, _unit in report.accounts)
        for username, role, unit in report.accounts:
            self.stdout.write(f"  {username.ljust(width)}  {role} — {unit}")
