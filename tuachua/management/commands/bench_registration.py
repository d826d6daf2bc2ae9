"""`python manage.py bench_registration`: server time of the registration pages on the loaded data.

Measures, in this process with Django's test client (so: server time, no network):
- the status board of a class with all its units, p50/p95 over --runs requests, and its query count;
- the status board of the event with all 12 units (the study tour);
- submitting a 59-row list by hand (open, save, submit) and by Excel upload (open, upload, confirm, submit):
  requests and seconds.
Everything it writes is rolled back. Run `python manage.py load_demo --with-registrations` first.
"""

import io
import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from plans.models import AdministrativeUnit
from training.models import EventKind, RegistrationList, TrainingEvent
from training.selectors import participating_units, quotas_for

NAMES = ["Giàng", "Vàng", "Sùng", "Mùa", "Thào", "Lầu", "Vừ", "Lò", "Lường", "Quàng"]
GIVEN = ["Sếnh", "Páo", "Chứ", "Dế", "Tủa", "Lử", "Súa", "Pó", "Mỷ", "Mai", "Dua", "Chá"]


class Rollback(Exception):
    pass


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = "Đo thời gian xử lý các trang đăng ký đại biểu trên dữ liệu đã tải (không lưu thay đổi nào)."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=100)

    def handle(self, *args, runs=100, **options):
        try:
            with transaction.atomic():
                self._run(runs)
                raise Rollback
        except Rollback:
            pass

    def _client(self, username: str) -> Client:
        from django.contrib.auth import get_user_model

        client = Client(SERVER_NAME=settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "localhost")
        client.force_login(
            get_user_model().objects.get(username=username), backend="django.contrib.auth.backends.ModelBackend"
        )
        return client

    def _time(self, client: Client, url: str, runs: int) -> tuple[float, float, int]:
        client.get(url)  # warm caches (templates, translations)
        samples = []
        for _i in range(runs):
            start = time.perf_counter()
            response = client.get(url)
            samples.append(time.perf_counter() - start)
            if response.status_code != 200:
                raise CommandError(f"{url} answered {response.status_code}")
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return statistics.median(samples) * 1000, _percentile(samples, 0.95) * 1000, len(queries)

    def _run(self, runs: int) -> None:
        staff = self._client("phonglaodong")
        tour = TrainingEvent.objects.filter(kind=EventKind.STUDY_TOUR).first()
        first_class = TrainingEvent.objects.filter(kind=EventKind.TRAINING_CLASS).order_by("number").first()
        if not (tour and first_class):
            raise CommandError("Chưa có dữ liệu mẫu: chạy `python manage.py load_demo --with-registrations`.")
        for event in (first_class, tour):
            url = reverse("training:board", args=[event.pk])
            p50, p95, queries = self._time(staff, url, runs)
            units = len(participating_units(event))
            self.stdout.write(
                f"board {event.title} ({units} units): p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
                f"{queries} queries, {runs} runs"
            )
        self._submit_by_hand(first_class)
        self._submit_by_upload(first_class)

    def _unit_with_59_seats(self, event_kind=EventKind.TRAINING_CLASS):
        for event in TrainingEvent.objects.filter(kind=event_kind).order_by("number"):
            units = list(event.units.all())
            for unit in units:
                if quotas_for(event, [unit])[unit.pk].total == 59:
                    RegistrationList.objects.filter(event=event, unit=unit).delete()
                    event.registration_deadline = timezone.now() + timezone.timedelta(days=7)
                    event.save(update_fields=["registration_deadline"])
                    return event, unit
        raise CommandError("Không có đơn vị nào có chỉ tiêu 59.")

    def _rows(self, unit: AdministrativeUnit):
        villages = list(unit.children.filter(is_active=True).order_by("sort_order"))
        people = []
        for number in range(59):
            name = f"{NAMES[number % len(NAMES)]} A {GIVEN[number % len(GIVEN)]} {number + 1}"
            village = None if number < 9 else villages[(number - 9) // 5]
            people.append((name, "Cán bộ" if village is None else "Trưởng thôn", village, village is None))
        return people

    def _submit_by_hand(self, _event) -> None:
        event, unit = self._unit_with_59_seats()
        officer = self._client(unit.code.lower())
        url = reverse("training:list", args=[event.pk, unit.pk])
        data = {"version": "0", "action": "save", "rows": []}
        for number, (name, position, village, paid) in enumerate(self._rows(unit)):
            key = f"k{number}"
            data["rows"].append(key)
            data[f"row-{key}-full_name"] = name
            data[f"row-{key}-position"] = position
            data[f"row-{key}-village"] = village.pk if village else ""
            data[f"row-{key}-paid"] = "1" if paid else "0"
        start = time.perf_counter()
        responses = [officer.get(url), officer.post(url, data)]
        responses.append(officer.post(reverse("training:submit", args=[event.pk, unit.pk])))
        elapsed = time.perf_counter() - start
        status = RegistrationList.objects.get(event=event, unit=unit)
        self.stdout.write(
            f"59 rows by hand ({unit}): {len(responses)} requests, {elapsed:.2f} s server time, "
            f"{status.delegates.count()} saved, status {status.status}"
        )

    def _submit_by_upload(self, _event) -> None:
        event, unit = self._unit_with_59_seats()
        officer = self._client(unit.code.lower())
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(["TT", "Họ và tên", "Chức vụ", "Hưởng lương từ NSNN", "Không hưởng lương từ NSNN", "Ghi chú"])
        current = "unit"
        for number, (name, position, village, paid) in enumerate(self._rows(unit), start=1):
            level = village.name if village else "Cấp xã"
            if level != current:
                sheet.append(["", level])
                current = level
            sheet.append([number, name, position, "X" if paid else "", "" if paid else "X", ""])
        buffer = io.BytesIO()
        workbook.save(buffer)
        buffer.seek(0)
        buffer.name = "phu-luc-1.xlsx"
        upload_url = reverse("training:upload", args=[event.pk, unit.pk])
        start = time.perf_counter()
        responses = [officer.get(upload_url), officer.post(upload_url, {"file": buffer})]
        responses.append(
            officer.post(reverse("training:upload_confirm", args=[event.pk, unit.pk]), {"mode": "replace"})
        )
        responses.append(officer.post(reverse("training:submit", args=[event.pk, unit.pk])))
        elapsed = time.perf_counter() - start
        status = RegistrationList.objects.get(event=event, unit=unit)
        self.stdout.write(
            f"59 rows by upload ({unit}): {len(responses)} requests, {elapsed:.2f} s server time, "
            f"{status.delegates.count()} saved, status {status.status}"
        )
