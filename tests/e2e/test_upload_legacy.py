"""Uploading a Phụ lục I typed partly in TCVN3 and VNI, in Chromium: the preview marks each converted cell with
the text the file holds, counts them per encoding, and flags the cell it could not decide.

The file is the app's own blank Phụ lục I of xã Mường Đun (the exporter's bytes), filled the way officers do:
one name in Unicode ("Chá A Dình", which TCVN3 would read as "Chỏ A Dỡnh"), others typed with .VnTime,
.VnTimeH and VNI-Times fonts, under the app's headings "II. Thôn 01" and "III. Thôn 02".

Run: .venv/bin/python -m pytest tests/e2e/test_upload_legacy.py -q --create-db
"""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import Session, log_in
from tests.training.legacy_fixtures import fill_blank

pytestmark = [pytest.mark.browser, pytest.mark.only_browser("chromium")]

OFFICER = "muong-dun"
PHONE, DESKTOP = (360, 740), (1280, 800)

# Row number (TT) of the blank form -> (name, position, how it is typed). Rows 1–9: commune level;
# 10–14: Thôn 01; 15–19: Thôn 02.
SEATS = {
    1: ("Lò Văn Ỏn", "Chủ tịch UBND xã", "tcvn3"),
    2: ("Chá A Dình", "Phó Chủ tịch HĐND xã", "unicode"),
    10: ("Vàng Seo Chứ", "Trưởng bản", "vni"),
    11: ("Sùng Thị Dở", "Ủy viên UBMTTQ xã", "tcvn3"),
    15: ("Giàng A Páo", "Bí thư chi bộ", "tcvn3-caps"),
}


@pytest.fixture
def training_demo(demo):
    from training.demo import load_training_demo

    load_training_demo()
    return demo


@pytest.fixture
def legacy_annex(training_demo, tmp_path) -> tuple[Path, object, object]:
    """The app's blank Phụ lục I of Mường Đun for class 1, filled in legacy fonts; and the event and unit."""
    from plans.models import AdministrativeUnit
    from training.models import TrainingEvent
    from tuachua.exporters import get_exporter

    event = TrainingEvent.objects.get(activity__code="1.1", number=1)
    unit = AdministrativeUnit.objects.get(code="MUONG-DUN")
    blank = get_exporter("annex-blank").export((event, unit), "xlsx").content
    path = tmp_path / "phu-luc-1-vntime.xlsx"
    path.write_bytes(fill_blank(blank, SEATS))
    return path, event, unit


def open_preview(session: Session, path: Path, event, unit):
    page = session.page
    page.goto(session.url(reverse("training:upload", kwargs={"event_pk": event.pk, "unit_pk": unit.pk})))
    page.get_by_label("Tệp Excel").set_input_files(path)
    with page.expect_navigation():
        page.get_by_role("button", name="Xem trước").click()
    return page


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_preview_marks_converted_cells_and_counts_them(legacy_annex, open_browser, screenshots_dir, size):
    path, event, unit = legacy_annex
    session = open_browser(*size)
    log_in(session, OFFICER)
    page = open_preview(session, path, event, unit)

    summary = page.get_by_test_id("legacy-summary")
    expect(summary.get_by_test_id("legacy-converted")).to_have_text(
        [
            "6 ô đã chuyển từ TCVN3 sang Unicode (chữ gốc ghi ngay dưới ô).",
            "2 ô đã chuyển từ VNI sang Unicode (chữ gốc ghi ngay dưới ô).",
        ]
    )
    expect(summary.get_by_test_id("legacy-flagged")).to_contain_text("1 ô cần kiểm tra")

    rows = page.get_by_test_id("preview").locator("tbody tr")
    expect(rows).to_have_count(5)
    first = rows.filter(has_text="Lò Văn Ỏn")
    expect(first.get_by_test_id("cell-origin")).to_have_count(2)
    expect(first.get_by_test_id("cell-origin").first).to_have_text("gốc (TCVN3): Lß V¨n án")
    expect(rows.filter(has_text="Chá A Dình").get_by_test_id("cell-origin")).to_have_count(0)  # left as it is
    expect(rows.filter(has_text="Vàng Seo Chứ")).to_contain_text("Thôn 01")  # the app's heading, recognised
    expect(rows.filter(has_text="Vàng Seo Chứ").get_by_test_id("cell-origin").first).to_have_text(
        "gốc (VNI): Vaøng Seo Chöù"
    )
    expect(rows.filter(has_text="GIÀNG A PÁO")).to_contain_text("Thôn 02")  # .VnTimeH: capitals
    flagged = rows.filter(has_text="Sùng Thị Dở")
    expect(flagged).to_have_class(re.compile(r"\btable-warning\b"))
    expect(flagged.get_by_test_id("cell-flag")).to_contain_text("có thể là “Ủy viên UBMTTQ xã”")

    # The note is text in the cell, so assistive technology reads it with the name (not only a tooltip).
    expect(page.get_by_role("cell", name=re.compile(r"Lò Văn Ỏn gốc \(TCVN3\): Lß V¨n án"))).to_have_count(1)
    page.screenshot(path=screenshots_dir / f"upload-legacy-{size[0]}.png", full_page=True)
    session.assert_clean()


def test_confirmed_list_keeps_the_converted_text(legacy_annex, open_browser):
    path, event, unit = legacy_annex
    session = open_browser(*DESKTOP)
    log_in(session, OFFICER)
    page = open_preview(session, path, event, unit)
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu, thay cho danh sách hiện có").click()
    expect(page.get_by_test_id("filled")).to_have_text("5")
    session.assert_clean()

    from training.models import Delegate

    saved = Delegate.objects.filter(reg_list__event=event, reg_list__unit=unit).order_by("order")
    assert [(d.full_name, d.village.name if d.village else None) for d in saved] == [
        ("Lò Văn Ỏn", None),
        ("Chá A Dình", None),
        ("Vàng Seo Chứ", "Thôn 01"),
        ("Sùng Thị Dở", "Thôn 01"),
        ("GIÀNG A PÁO", "Thôn 02"),
    ]
