"""Time the completeness board page on a generated district (rolled back afterwards) and on the demo data.

    python manage.py bench_completeness [--units 200 --forms 14 --periods 4 --runs 20]

Everything the command writes (units, forms, periods, submissions, a staff account) happens inside one
transaction that is rolled back at the end, so it is safe on a copy of a real database. The page is fetched
through the Django test client, so the numbers include the middleware, the template and the queries, but
not a web server or the network.
"""

import datetime
import random
import statistics
import time
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from monitoring import selectors, services
from monitoring.models import (
    PeriodKind,
    ReportForm,
    ReportingPeriod,
    RequiredOf,
    Submission,
    SubmissionStatus,
    UnitFormRequirement,
)
from plans.models import AdministrativeUnit, Plan, Programme, UnitKind
from plans.services import ensure_role_groups, user_assign
from tuachua.permissions import Role


class Command(BaseCommand):
    help = "Đo thời gian trang tình hình nộp báo cáo (dữ liệu sinh ngẫu nhiên, rồi dữ liệu mẫu nếu có)."

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, default=200, help="communes in the generated district")
        parser.add_argument("--forms", type=int, default=14, help="forms due in every period")
        parser.add_argument("--periods", type=int, default=4, help="reporting periods of the generated plan")
        parser.add_argument("--runs", type=int, default=20, help="timed requests per board")
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--no-demo", action="store_true", help="skip the demo data")

    def handle(self, *args, **options):
        if min(options["units"], options["forms"], options["periods"], options["runs"]) < 1:
            raise CommandError("--units, --forms, --periods and --runs must be at least 1.")
        self.runs = options["runs"]
        self.host = _host()
        with transaction.atomic():
            period, user = _generate(options, random.Random(options["seed"]))
            label = f"generated: {options['units']} units × {options['forms']} forms × {options['periods']} periods"
            self._bench(label, period, user)
            transaction.set_rollback(True)
        if not options["no_demo"]:
            self._bench_demo()

    def _bench_demo(self):
        if ReportingPeriod._meta.db_table not in connection.introspection.table_names():
            self.stdout.write("demo: no monitoring tables in this database (run migrate); skipped")
            return
        period = (
            ReportingPeriod.objects.annotate(n=Count("submissions")).order_by("-n", "-due_date").select_related("plan")
        ).first()
        if period is None:
            self.stdout.write("demo: no reporting period in this database; skipped")
            return
        with transaction.atomic():
            user = _staff_of(period.plan.issuing_unit)
            self._bench(f"demo: {period.name} ({period.plan.issuing_unit})", period, user)
            transaction.set_rollback(True)

    def _bench(self, label, period, user):
        client = Client(SERVER_NAME=self.host)
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        url = reverse("reports:board", args=[period.pk])
        response = client.get(url, secure=True)  # warm-up (template loading, caches)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")
        board = selectors.completeness(period, selectors.reporting_units(period))
        reset_queries()  # with DEBUG on, the log may already hold its 9000 entries
        with CaptureQueriesContext(connection) as captured:
            client.get(url, secure=True)
        queries = len(captured.captured_queries)  # read now: the next requests reset the log
        timings = []
        for _run in range(self.runs):
            start = time.perf_counter()
            client.get(url, secure=True)
            timings.append((time.perf_counter() - start) * 1000)
        total = board.total
        self.stdout.write(
            f"{label}\n"
            f"  board: {len(board.unit_rows)} units × {len(board.forms)} forms, {total.expected} expected, "
            f"{total.submitted} submitted ({total.submitted_rate}%), {total.on_time} on time, {total.late} late, "
            f"{total.accepted} accepted, {total.returned} returned; page {len(response.content) // 1024} KB\n"
            f"  {self.runs} runs: p50 {_percentile(timings, 50):.1f} ms, p95 {_percentile(timings, 95):.1f} ms, "
            f"max {max(timings):.1f} ms; {queries} queries per request"
        )


def _host() -> str:
    """A host name the site accepts (the first of ALLOWED_HOSTS; "*" and ".domain" forms made concrete)."""
    host = (settings.ALLOWED_HOSTS or ["localhost"])[0]
    if host == "*":
        return "localhost"
    return host.lstrip(".") or "localhost"


def _percentile(values, percent) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


def _staff_of(unit) -> object:
    ensure_role_groups()
    user = get_user_model().objects.create_user(f"bench-{uuid.uuid4().hex[:10]}")
    user_assign(user=user, role=Role.DISTRICT_STAFF, unit=unit)
    return user


def _generate(options, rng: random.Random):
    """A district with its communes, a form catalogue, periods and submissions; returns the latest period
    and a staff account of the district. Units implement about two thirds of the component forms."""
    tag = uuid.uuid4().hex[:6]
    province = AdministrativeUnit.objects.create(code=f"BENCH-{tag}", name=f"Tỉnh thử {tag}", kind=UnitKind.PROVINCE)
    district = AdministrativeUnit.objects.create(
        code=f"BENCH-{tag}-H", name="Huyện thử", kind=UnitKind.DISTRICT, parent=province
    )
    units = [
        AdministrativeUnit.objects.create(
            code=f"BENCH-{tag}-X{n:04d}", name=f"Xã thử {n:04d}", kind=UnitKind.COMMUNE, parent=district, sort_order=n
        )
        for n in range(1, options["units"] + 1)
    ]
    programme, _created = Programme.objects.get_or_create(
        code="GNBV", defaults={"name": "Chương trình MTQG giảm nghèo bền vững", "start_year": 2021, "end_year": 2025}
    )
    plan = Plan.objects.create(
        programme=programme, issuing_unit=district, year=2024, title="Kế hoạch thử", issue_place="Huyện thử"
    )
    user = _staff_of(district)
    forms = _forms(options["forms"], tag)
    UnitFormRequirement.objects.bulk_create(
        UnitFormRequirement(unit=unit, form=form)
        for unit in units
        for form in forms
        if form.required_of == RequiredOf.IMPLEMENTING_UNITS and rng.random() < 0.67
    )
    periods = [_period(plan, number, user) for number in range(options["periods"])]
    implementing = set(UnitFormRequirement.objects.filter(form__in=forms).values_list("unit_id", "form_id"))
    Submission.objects.bulk_create(
        (
            sub
            for period in periods
            for unit in units
            for form in forms
            if form.required_of == RequiredOf.ALL_UNITS or (unit.pk, form.pk) in implementing
            if (sub := _submission(period, unit, form, rng)) is not None
        ),
        batch_size=2000,
    )
    return periods[-1], user


def _forms(count: int, tag: str) -> list[ReportForm]:
    """`count` forms: the first and the last required of every unit (like Biểu 03 and Mẫu 01), the others
    of implementing units only (like Biểu 04–15). The existing catalogue is set aside (rolled back later)."""
    ReportForm.objects.update(is_active=False)
    forms = []
    for number in range(count):
        every_unit = number in (0, count - 1)
        forms.append(
            ReportForm(
                code=f"B{tag}-{number:02d}",
                name=f"Biểu thử {number:02d}",
                required_of=RequiredOf.ALL_UNITS if every_unit else RequiredOf.IMPLEMENTING_UNITS,
                period_kinds=[],
                order=number,
            )
        )
    return ReportForm.objects.bulk_create(forms)


def _period(plan, number: int, user) -> ReportingPeriod:
    """Half-years of 2023–2024 and on: "6 tháng đầu năm", "năm", … with due dates ten days before the end."""
    year = 2023 + number // 2
    first_half = number % 2 == 0
    start = datetime.date(year, 1, 1)
    end = datetime.date(year, 6, 30) if first_half else datetime.date(year, 12, 31)
    return services.reporting_period_create(
        plan=plan,
        name=f"{'6 tháng đầu năm' if first_half else 'Năm'} {year}",
        kind=PeriodKind.SIX_MONTH if first_half else PeriodKind.ANNUAL,
        start=start,
        end=end,
        due_date=end - datetime.timedelta(days=10),
        by=user,
    )


def _submission(period, unit, form, rng: random.Random) -> Submission | None:
    """About 12% missing; of the rest three quarters on time; 45% accepted, 40% waiting, 15% returned."""
    if rng.random() < 0.12:
        return None
    deadline = period.deadline
    late = rng.random() >= 0.75
    hours = datetime.timedelta(hours=rng.randint(1, 480) if late else -rng.randint(1, 720))
    first = deadline + hours
    roll = rng.random()
    status = SubmissionStatus.ACCEPTED if roll < 0.45 else SubmissionStatus.SUBMITTED
    if roll >= 0.85:
        status = SubmissionStatus.RETURNED
    return Submission(
        period=period,
        unit=unit,
        form=form,
        status=status,
        first_submitted_at=first,
        submitted_at=first + datetime.timedelta(hours=rng.randint(0, 48)),
        reviewed_at=timezone.now() if status != SubmissionStatus.SUBMITTED else None,
    )
