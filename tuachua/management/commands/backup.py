"""`python manage.py backup [--output DIR_OR_FILE]`: the database and every uploaded file in one archive.

See tuachua/backup/ for what the archive holds; `restore` puts it back.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tuachua.backup import BackupError, backup_create
from tuachua.templatetags.tuachua import intdot


class Command(BaseCommand):
    help = (
        "Sao lưu toàn bộ trang vào MỘT tệp tuachua-backup-<ngày-giờ>.tar: cơ sở dữ liệu (pg_dump hoặc bản sao "
        "SQLite), mọi tệp trong MEDIA_ROOT và manifest.json (số dòng từng bảng, sha256 từng tệp). Phục hồi bằng "
        "lệnh restore. Tệp chứa dữ liệu cá nhân và mật khẩu đã băm: cất giữ như chính máy chủ."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="thư mục (tạo nếu chưa có; tên tệp theo giờ Việt Nam) hoặc tệp ….tar; mặc định BACKUP_DIR",
        )

    def handle(self, *args, output=None, **options):
        try:
            result = backup_create(output=output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(_("Đã sao lưu vào %(path)s") % {"path": result.path}))
        self.stdout.write(
            _("%(size)s bytes — %(tables)s bảng, %(rows)s dòng; %(files)s tệp (%(file_bytes)s bytes) — %(seconds).2f s")
            % {
                "size": intdot(result.size),
                "tables": result.tables,
                "rows": intdot(result.rows),
                "files": result.files,
                "file_bytes": intdot(result.file_bytes),
                "seconds": result.seconds,
            }
        )
