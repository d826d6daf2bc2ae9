"""Benchmark of the official documents on the loaded demo: `python bench/documents.py [--runs 5]`.

Run `python manage.py load_demo` first (PostgreSQL or SQLite; DATABASE_URL as for the server). Inside a
transaction that is rolled back at the end, every unit of the four training classes gets a full approved list
(182 + 182 + 167 + 177 = 708 delegates, with Vietnamese names), then each document is built from the data and
rendered without the document cache, several times; the script prints min / median / max against the targets:

- a unit's Phụ lục I (≈ 60 rows): PDF < 0.8 s, Excel < 0.15 s;
- a class roster (182 rows): PDF < 2 s;
- the consolidated workbook of the 708 delegates: < 1 s;
- the 708-row roster PDF at least 2× faster than one plain single-table WeasyPrint render of the same rows
  (WeasyPrint's default stylesheet, automatic table layout, one process), measured in the same run.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuachua.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-key-not-used-for-serving-0123456789")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils.html import escape  # noqa: E402

from plans.models import Activity  # noqa: E402
from training.models import Delegate, EventKind, ListStatus, RegistrationList, TrainingEvent  # noqa: E402
from training.selectors import participating_units, quotas_for, villages_by_unit  # noqa: E402
from tuachua.documents import render  # noqa: E402
from tuachua.documents.blocks import DATA, Table  # noqa: E402
from tuachua.exporters import get_exporter, render_cached  # noqa: E402
from tuachua.text import compare_key  # noqa: E402

FAMILY = ["Giàng", "Vàng", "Sùng", "Mùa", "Thào", "Lầu", "Vừ", "Lò", "Lường", "Quàng", "Cà", "Tòng", "Đỗ", "Nguyễn"]
MIDDLE = ["A", "Thị", "Văn", "Seo", "Đức"]
GIVEN = ["Sếnh", "Páo", "Chứ", "Dế", "Tủa", "Lử", "Súa", "Pó", "Mỷ", "Mai", "Dua", "Chá", "Hùng", "Thượng", "Ánh"]
POSITIONS = ["Bí thư chi bộ", "Trưởng thôn", "Trưởng ban công tác Mặt trận", "Chi hội trưởng Phụ nữ", "Bí thư Chi đoàn"]


class Rollback(Exception):
    pass


def fill_classes(rng: random.Random) -> list[TrainingEvent]:
    """Give every unit of every training class a full approved list, placed in its class."""
    events = list(TrainingEvent.objects.filter(kind=EventKind.TRAINING_CLASS).order_by("activity_id", "number"))
    for event in events:
        units = participating_units(event)
        quotas, villages = quotas_for(event, units), villages_by_unit(units)
        for unit in units:
            reg_list, _ = RegistrationList.objects.get_or_create(event=event, unit=unit)
            reg_list.delegates.all().delete()
            RegistrationList.objects.filter(pk=reg_list.pk).update(status=ListStatus.APPROVED)
            levels = [None] * quotas[unit.pk].unit_seats
            for village in villages[unit.pk]:
                levels += [village] * quotas[unit.pk].village_seats
            rows = []
            for order, village in enumerate(levels, start=1):
                name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)} {order}"
                rows.append(
                    Delegate(
                        reg_list=reg_list,
                        order=order,
                        full_name=name,
                        name_key=compare_key(name),
                        position="Cán bộ, công chức xã" if village is None else POSITIONS[order % len(POSITIONS)],
                        village=village,
                        paid_by_state=village is None,
                        assigned_event=event,
                    )
                )
            Delegate.objects.bulk_create(rows)
    return events


def timed(label: str, function, runs: int, target: float | None = None) -> float:
    function()  # warm up (imports, fonts)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    median = statistics.median(samples)
    verdict = "" if target is None else ("  OK" if median < target else "  OVER TARGET")
    goal = "" if target is None else f" (target < {target:g} s)"
    print(f"{label:58} min {min(samples):6.3f}  median {median:6.3f}  max {max(samples):6.3f} s{goal}{verdict}")
    return median


def build(identifier, pk, params, user):
    exporter = get_exporter(identifier)
    return exporter.build(exporter.get_object(user, pk, params), params)


def plain_single_table(document) -> str:
    """The same rows as one table, laid out the way a first try would: WeasyPrint defaults, auto layout."""
    tables = [b for s in document.sections for b in s.blocks if isinstance(b, Table)]
    columns = tables[0].columns
    rows = "".join(
        "<tr>" + "".join(f"<td>{escape('' if v is None else v)}</td>" for v in row.cells) + "</tr>"
        for table in tables[1:] or tables
        for row in table.rows
        if row.kind == DATA
    )
    head = "".join(f"<th>{escape(c.label)}</th>" for c in columns)
    return (
        "<html><head><meta charset='utf-8'><style>@page { size: A4; margin: 20mm 15mm 20mm 30mm } "
        "body { font-family: 'Times New Roman', 'Liberation Serif', serif; font-size: 12pt } "
        "table { border-collapse: collapse; width: 100% } td, th { border: 1px solid black } "
        "tr { break-inside: avoid }</style></head>"
        f"<body><table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></body></html>"
    )


def run(runs: int) -> None:
    user = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    if user is None or not TrainingEvent.objects.exists():
        sys.exit("No demo data: run `python manage.py load_demo` first.")
    events = fill_classes(random.Random(2024))
    activity = Activity.objects.get(pk=events[0].activity_id)
    first = events[0]
    unit = max(participating_units(first), key=lambda u: quotas_for(first, [u])[u.pk].total)
    rows = Delegate.objects.filter(reg_list__event=first, reg_list__unit=unit).count()
    sizes = [Delegate.objects.filter(assigned_event=event).count() for event in events]
    print(f"Data: {len(events)} classes with {'+'.join(map(str, sizes))} = {sum(sizes)} placed delegates; {runs} runs")

    annex = {"unit": str(unit.pk)}
    timed(
        f"Phụ lục I, {unit.name} ({rows} rows), PDF",
        lambda: render(build("annex", first.pk, annex, user), "pdf"),
        runs,
        0.8,
    )
    timed(
        f"Phụ lục I, {unit.name} ({rows} rows), Excel",
        lambda: render(build("annex", first.pk, annex, user), "xlsx"),
        runs,
        0.15,
    )
    timed(
        f"Class roster, {first.title} ({sizes[0]} rows), PDF",
        lambda: render(build("roster", first.pk, {}, user), "pdf"),
        runs,
        2,
    )
    timed(
        f"Class roster, {first.title} ({sizes[0]} rows), Excel",
        lambda: render(build("roster", first.pk, {}, user), "xlsx"),
        runs,
    )
    timed(
        f"Consolidated workbook, activity {activity.code} ({sum(sizes)} rows)",
        lambda: render(build("consolidated", activity.pk, {}, user), "xlsx"),
        runs,
        1,
    )
    whole = build("consolidated", activity.pk, {}, user)
    ours = timed(
        f"Roster PDF of the {sum(sizes)} delegates (tuachua)",
        lambda: render(build("consolidated", activity.pk, {}, user), "pdf"),
        runs,
    )
    plain = plain_single_table(whole)
    naive = timed(f"Same {sum(sizes)} rows, one plain WeasyPrint table", lambda: html_to_pdf_plain(plain), runs)
    ratio = naive / ours
    print(
        f"{'Speed-up over the plain render':58} {ratio:.2f}× (target ≥ 2×){'  OK' if ratio >= 2 else '  UNDER TARGET'}"
    )
    document = build("roster", first.pk, {}, user)
    render_cached(document, "pdf")
    timed(
        "Second download of the same roster PDF (cached)",
        lambda: render_cached(build("roster", first.pk, {}, user), "pdf"),
        runs,
    )


def html_to_pdf_plain(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    try:
        with transaction.atomic():
            run(args.runs)
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
