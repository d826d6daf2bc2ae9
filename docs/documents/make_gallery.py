"""Render the first page of every document for the demo to PNG: `python docs/documents/make_gallery.py`.

Needs the demo (`python manage.py load_demo --with-registrations`) and `pdftoppm` (Debian: poppler-utils).
The classes are filled to their quotas in a transaction that is rolled back, as in bench/documents.py.
"""

import random
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent / "bench"))

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import transaction  # noqa: E402
from documents import Rollback, build, fill_classes  # noqa: E402  (sets Django up)

from plans.models import Plan  # noqa: E402
from training.models import EventKind, TrainingEvent  # noqa: E402
from training.selectors import participating_units  # noqa: E402
from tuachua.documents import render  # noqa: E402


def pages():
    events = fill_classes(random.Random(2024))
    first = events[0]
    unit = participating_units(first)[1]
    tour = TrainingEvent.objects.filter(kind=EventKind.STUDY_TOUR).first()
    tour_unit = participating_units(tour)[1]
    return [
        ("phu-luc-i", "annex", first.pk, {"unit": str(unit.pk)}),
        ("phu-luc-i-mau-trong", "annex-blank", first.pk, {"unit": str(unit.pk)}),
        ("phu-luc-ii", "annex", tour.pk, {"unit": str(tour_unit.pk)}),
        ("danh-sach-lop", "roster", first.pk, {}),
        ("danh-sach-ky-nhan", "attendance", first.pk, {"day": "1"}),
        ("giay-moi", "invitation", first.pk, {}),
        ("ke-hoach", "plan", Plan.objects.order_by("pk").first().pk, {}),
        ("tong-hop", "consolidated", first.activity_id, {}),
        ("du-toan", "estimate", first.pk, {}),
        ("tien-do", "dashboard", Plan.objects.order_by("pk").first().pk, {}),
    ]


def main():
    user = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    try:
        with transaction.atomic(), tempfile.TemporaryDirectory() as tmp:
            for name, identifier, pk, params in pages():
                document = build(identifier, pk, params, user)
                pdf = Path(tmp) / f"{name}.pdf"
                pdf.write_bytes(render(document, "pdf"))
                subprocess.run(
                    ["pdftoppm", "-r", "60", "-f", "1", "-l", "1", "-png", "-singlefile", str(pdf), str(HERE / name)],
                    check=True,
                )
                print(HERE / f"{name}.png")
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
