"""Write one document to a file, with the same exporter as the download page and the admin action.

python manage.py export_document annex 3 --format pdf --param unit=7 --output phu-luc.pdf
python manage.py export_document --list
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from tuachua.exporters import all_exporters, get_exporter


class Command(BaseCommand):
    help = "Xuất một tài liệu (Excel hoặc PDF) ra tệp, như khi tải trên trang."

    def add_arguments(self, parser):
        parser.add_argument("exporter", nargs="?", help="mã tài liệu (xem --list)")
        parser.add_argument("pk", nargs="?", type=int, help="mã đối tượng (lớp, kế hoạch, …)")
        parser.add_argument("--format", default="pdf", help="pdf hoặc xlsx")
        parser.add_argument("--param", action="append", default=[], help="tham số key=value, ví dụ unit=7")
        parser.add_argument("--output", help="tệp ghi ra (mặc định: tên tài liệu trong thư mục hiện tại)")
        parser.add_argument("--as-user", default="", help="tải với quyền của người dùng này (mặc định: quản trị)")
        parser.add_argument("--list", action="store_true", help="liệt kê các tài liệu")

    def handle(self, *args, **options):
        if options["list"]:
            for exporter in all_exporters():
                self.stdout.write(f"{exporter.identifier:14} {', '.join(exporter.formats):10} {exporter.label}")
            return
        if not options["exporter"] or options["pk"] is None:
            raise CommandError("Cần mã tài liệu và mã đối tượng (hoặc --list).")
        params = dict(item.split("=", 1) for item in options["param"] if "=" in item)
        try:
            exporter = get_exporter(options["exporter"])
            user = self._user(options["as_user"])
            result = exporter.export(exporter.get_object(user, options["pk"], params), options["format"], params)
        except Http404 as error:
            raise CommandError("Không tìm thấy tài liệu hoặc đối tượng, hoặc định dạng không có.") from error
        path = Path(options["output"] or result.ascii_filename)
        path.write_bytes(result.content)
        self.stdout.write(f"{path} ({len(result.content):,} bytes)")

    @staticmethod
    def _user(username: str):
        users = get_user_model().objects
        if username:
            return users.get(username=username)
        user = users.filter(is_superuser=True, is_active=True).order_by("pk").first()
        if user is None:
            raise CommandError("Không có tài khoản quản trị; dùng --as-user.")
        return user
