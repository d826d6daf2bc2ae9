"""Server time of the busiest pages on the province-size data set: `python bench/scale.py [--runs 30]`.

Run `python bench/generate_province.py` first (PostgreSQL: set DATABASE_URL). Each page is requested through
Django's test client in this process (server time, no network) as the generated accounts: once to warm up,
then --runs times; the script prints p50 / p95, the number of queries and the size of the page, and checks the
targets: the dashboard under 300 ms at p95 and 30 queries, every other page under 200 ms at p95.
"""

import argparse
import statistics
import time

import _setup  # noqa: F401
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from monitoring.models import ReportingPeriod
from plans.models import AdministrativeUnit, Plan
from training.models import EventKind, TrainingEvent

PREFIX = "BENCH"


def client_for(username: str) -> Client:
    host = settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS and settings.ALLOWED_HOSTS[0] != "*" else "localhost"
    client = Client(SERVER_NAME=host)
    client.force_login(
        get_user_model().objects.get(username=username), backend="django.contrib.auth.backends.ModelBackend"
    )
    return client


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(client: Client, url: str, runs: int) -> tuple[float, float, int, int]:
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        samples.append(time.perf_counter() - start)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return statistics.median(samples) * 1000, percentile(samples, 0.95) * 1000, len(queries), len(response.content)


def pages() -> list[tuple[str, str, str, int]]:
    """(label, account, address, p95 target in ms)."""
    plan = Plan.objects.filter(issuing_unit__code=f"{PREFIX}-HUYEN").order_by("-year").first()
    if plan is None:
        raise SystemExit("No generated data: run `python bench/generate_province.py` first.")
    commune = AdministrativeUnit.objects.get(code=f"{PREFIX}-X001")
    first_class = TrainingEvent.objects.get(activity__plan=plan, kind=EventKind.TRAINING_CLASS, number=1)
    tour = TrainingEvent.objects.get(activity__plan=plan, kind=EventKind.STUDY_TOUR)
    period = ReportingPeriod.objects.filter(plan=plan).order_by("start").first()
    month = f"{first_class.start_date:%Y-%m}"
    result = [
        ("dashboard, whole district (200 units)", "bench-leader", f"/dashboard/?plan={plan.pk}", 300),
        ("dashboard, one unit (drill-down)", "bench-leader", f"/dashboard/?plan={plan.pk}&unit={commune.pk}", 300),
        ("dashboard of a unit officer", "bench-officer", f"/dashboard/?plan={plan.pk}", 300),
        ("status board of a class (20 units)", "bench-staff", reverse("training:board", args=[first_class.pk]), 200),
        ("status board of the study tour (200 units)", "bench-staff", reverse("training:board", args=[tour.pk]), 200),
        ("class roster (1,440 delegates)", "bench-staff", reverse("training:roster", args=[first_class.pk]), 200),
        ("report completeness board (200 units)", "bench-staff", reverse("reports:board", args=[period.pk]), 200),
        ("events list", "bench-staff", reverse("training:event_list"), 200),
        ("visits list", "bench-staff", reverse("monitoring:visits"), 200),
        ("recommendations list", "bench-staff", reverse("monitoring:recommendations"), 200),
        ("reporting periods list", "bench-staff", reverse("reports:period_list"), 200),
        ("units list", "bench-staff", reverse("plans:unit_list"), 200),
        ("plans list", "bench-staff", reverse("plans:plan_list"), 200),
    ]
    for name, label in (("calendar:month", "calendar, month"), ("calendar:list", "calendar, list")):
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        query = f"?month={month}" if name.endswith("month") else ""
        result.append((label, "bench-staff", url + query, 200))
        result.append((f"{label} (unit officer)", "bench-officer", url + query, 200))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    print(f"database: {connection.vendor}; {args.runs} runs per page; DEBUG={settings.DEBUG}")
    clients: dict[str, Client] = {}
    failures = 0
    for label, account, url, target in pages():
        client = clients.setdefault(account, client_for(account))
        p50, p95, queries, size = measure(client, url, args.runs)
        over = p95 >= target or (label.startswith("dashboard") and queries >= 30)
        failures += over
        verdict = "OVER TARGET" if over else "OK"
        print(
            f"{label:46} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  {queries:3} queries  {size / 1024:6.1f} kB  "
            f"(p95 < {target} ms) {verdict}"
        )
    print("all targets met" if not failures else f"{failures} page(s) over target")


if __name__ == "__main__":
    main()
