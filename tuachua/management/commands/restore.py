"""`python manage.py restore ARCHIVE [--force]`: put back a `backup` archive, then check the result."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tuachua.backup import BackupError, RestoreResult, backup_restore
from tuachua.templatetags.tuachua import intdot


class Command(BaseCommand):
    help = (
        "Phục hồi một tệp do lệnh backup tạo ra vào cơ sở dữ liệu (DATABASE_URL) và MEDIA_ROOT đang cấu hình, "
        "rồi kiểm tra số dòng từng bảng và mã sha256 từng tệp so với manifest. Cách làm: tạo một cơ sở dữ liệu "
        "mới, trống (createdb -O <người dùng> <tên>, hoặc trỏ DATABASE_URL tới một tệp SQLite chưa có), để "
        "MEDIA_ROOT trống, rồi chạy lệnh này; không cần migrate trước (cơ sở dữ liệu chỉ vừa migrate cũng được "
        "coi là trống). Nơi đã có dữ liệu bị từ chối, trừ khi dùng --force. Sau đó chạy migrate nếu mã nguồn mới "
        "hơn bản sao lưu."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="tệp tuachua-backup-….tar")
        parser.add_argument(
            "--force",
            action="store_true",
            help="phục hồi cả khi nơi nhận đã có dữ liệu: thay cơ sở dữ liệu, xoá các tệp media không có trong bản "
            "sao lưu",
        )

    def handle(self, *args, archive, force=False, **options):
        try:
            result = backup_restore(archive=Path(archive), force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self._write_summary(result)
        if result.mismatches:
            lines = "\n".join(f"  - {line}" for line in result.mismatches)
            raise CommandError(
                _("Kiểm tra sau khi phục hồi: %(count)s chỗ không khớp manifest:\n%(lines)s")
                % {"count": len(result.mismatches), "lines": lines}
            )
        self.stdout.write(self.style.SUCCESS(_("Kiểm tra xong: mọi bảng và mọi tệp khớp manifest.")))
        if result.pending_migrations:
            self.stdout.write(
                self.style.WARNING(
                    _("Mã nguồn có %(count)s migration chưa áp dụng: chạy python manage.py migrate.")
                    % {"count": result.pending_migrations}
                )
            )

    def _write_summary(self, result: RestoreResult) -> None:
        self.stdout.write(_("Đã phục hồi bản sao lưu lúc %(created_at)s") % {"created_at": result.created_at})
        summary = _(
            "%(tables)s bảng, %(rows)s dòng; %(files)s tệp (%(file_bytes)s bytes); đã xoá %(removed)s tệp thừa — "
            "%(seconds).2f s"
        )
        self.stdout.write(
            summary
            % {
                "tables": result.tables,
                "rows": intdot(result.rows),
                "files": result.files,
                "file_bytes": intdot(result.file_bytes),
                "removed": result.removed_files,
                "seconds": result.seconds,
            }
        )
