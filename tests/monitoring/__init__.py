"""Helpers shared by the monitoring tests: the monitoring part of the world, and files to upload."""

import datetime
import io
import zipfile
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile

from monitoring import services
from monitoring.models import PeriodKind, ReportForm, VisitKind, VisitMethod
from tests.factories import ActivityFactory, ComponentFactory

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def office_zip(folder: str) -> bytes:
    """A minimal OOXML package: [Content_Types].xml and one part under `folder` ("xl" or "word")."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        part = "workbook.xml" if folder == "xl" else "document.xml"
        archive.writestr(f"{folder}/{part}", "<x/>")
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def xlsx(name: str = "Biểu 03 Mường Báng.xlsx") -> SimpleUploadedFile:
    return upload(name, office_zip("xl"))


def pdf(name: str = "bien ban.pdf") -> SimpleUploadedFile:
    return upload(name, PDF)


def monitoring_world(world) -> SimpleNamespace:
    """Activity 2.1 of district A's plan and one periodic visit to both communes of A."""
    a = world.a
    component = ComponentFactory(plan=a.plan, code="2", title="Tiểu dự án 2")
    activity = ActivityFactory(plan=a.plan, component=component, code="2.1", lead_office=a.lead)
    visit = services.visit_create(
        activity=activity,
        kind=VisitKind.PERIODIC,
        method=VisitMethod.DIRECT,
        title="Giám sát định kỳ quý IV",
        planned_start=datetime.date(2024, 10, 7),
        planned_end=datetime.date(2024, 10, 9),
        units=a.communes,
        by=world.users.staff,
    )
    return SimpleNamespace(activity=activity, visit=visit)


def install_catalogue() -> dict[str, ReportForm]:
    services.report_forms_install_defaults()
    return {form.code: form for form in ReportForm.objects.all()}


def six_month_period(world, *, due=datetime.date(2024, 6, 10)):
    return services.reporting_period_create(
        plan=world.a.plan,
        name="6 tháng đầu năm 2024",
        kind=PeriodKind.SIX_MONTH,
        start=datetime.date(2024, 1, 1),
        end=datetime.date(2024, 6, 30),
        due_date=due,
        by=world.users.staff,
    )
