"""Giấy mời (…/GM-UBND) of an event: who may download it, and what the letter says."""

import datetime
import io
import re

import pytest
from django.core.cache import caches
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from training.models import QuotaOverride
from tuachua.documents.blocks import TOTAL, Closing, OfficialHeader, Paragraph, Table, Title
from tuachua.exporters import get_exporter

EXPORTER = get_exporter("invitation")


@pytest.fixture(autouse=True)
def fresh_cache():
    caches["documents"].clear()


@pytest.fixture
def tw(training_world):
    """The training world with a plan that names its signer."""
    plan = training_world.class1.activity.plan
    plan.signing_capacity = "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH"
    plan.signer_title = "PHÓ CHỦ TỊCH"
    plan.signer_name = "Vừ A Hùng"
    plan.save()
    return training_world


def url(event, fmt: str) -> str:
    return f"/documents/invitation/{event.pk}.{fmt}"


def build(event):
    event.refresh_from_db()
    return EXPORTER.build(event, {})


def blocks_of(document, kind) -> list:
    return [block for block in document.sections[0].blocks if isinstance(block, kind)]


def texts(document) -> str:
    return "\n".join(block.text for block in blocks_of(document, Paragraph))


def table_rows(document) -> list[tuple]:
    return [row.cells for row in blocks_of(document, Table)[0].rows]


def workbook_cells(content: bytes) -> list:
    return [cell for row in load_workbook(io.BytesIO(content)).active.iter_rows() for cell in row]


@pytest.mark.parametrize("user", ["staff", "officer_a", "leader", "admin"])
def test_staff_and_the_invited_units_officer_download_it(tw, client, login, user):
    login(getattr(tw.users, user))
    response = client.get(url(tw.class1, "xlsx"))
    assert response.status_code == 200
    assert 'filename="Giay-moi_Lop-thu-nhat_2024.xlsx"' in response["Content-Disposition"]


def test_others_do_not(tw, client, login):
    response = client.get(url(tw.class1, "xlsx"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    login(tw.users.officer_b)  # their commune is not invited to the first class
    assert client.get(url(tw.class1, "xlsx")).status_code == 404
    assert client.get(url(tw.class2, "xlsx")).status_code == 200
    login(tw.users.outsider)
    assert client.get(url(tw.class1, "pdf")).status_code == 404


def test_the_letter_follows_the_decree(tw):
    document = build(tw.class1)
    header, title = blocks_of(document, OfficialHeader)[0], blocks_of(document, Title)[0]
    assert (header.parent_body, header.issuing_body) == ("UBND TỈNH ĐIỆN BIÊN", "UBND HUYỆN HUYỆN A")
    assert header.number == "Số: …/GM-UBND"
    assert header.place_date == "Tủa Chùa, ngày … tháng … năm 2024"
    assert title.kind == ("GIẤY MỜI",)
    assert title.note == "(Lớp thứ nhất)"
    closing = blocks_of(document, Closing)[0]
    assert closing.left.lines == ("UBND xã Xã A1;", "Lưu: VT.")
    assert closing.right.lines == ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    assert closing.right.name == "Vừ A Hùng"


def test_the_table_gives_each_units_quota_and_the_total(tw):
    document = build(tw.class1)
    assert "Kính gửi: UBND xã Xã A1." in texts(document)
    assert table_rows(document) == [(1, "Xã Xã A1", 3, 2, 4, 7), ("", "Tổng cộng", "", "", "", 7)]
    QuotaOverride.objects.create(event=tw.class1, unit=tw.a1, unit_seats=4, village_seats=3, reason="Thêm")
    assert table_rows(build(tw.class1))[0] == (1, "Xã Xã A1", 4, 2, 6, 10)


def test_a_tour_invites_every_unit_and_counts_the_hosts_seats(tw):
    document = build(tw.tour)
    text = texts(document)
    assert "Kính gửi: UBND các xã: Xã A1, Xã A2." in text
    assert "trân trọng kính mời UBND các xã cử đại biểu tham dự đoàn học tập kinh nghiệm năm 2024" in text
    rows = blocks_of(document, Table)[0].rows
    assert [row.cells for row in rows] == [
        (1, "Cấp huyện", 2),
        (2, "Xã Xã A1", 3),
        (3, "Xã Xã A2", 3),
        ("", "Tổng cộng", 8),
    ]
    assert rows[-1].kind == TOTAL
    assert blocks_of(document, Closing)[0].left.lines == ("UBND xã Xã A1;", "UBND xã Xã A2;", "Lưu: VT.")


def test_time_place_and_what_to_bring_come_from_the_event(tw):
    text = texts(build(tw.class1))
    assert "1. Thời gian: 02 ngày (thời gian cụ thể sẽ thông báo sau)." in text
    assert "- Đại biểu mang theo giấy mời, căn cước công dân và tài liệu liên quan." in text
    deadline = tw.deadline.astimezone(datetime.timezone(datetime.timedelta(hours=7))).strftime("%d/%m/%Y")
    assert f"nơi nhận danh sách đại biểu trước ngày {deadline}." in text
    event = tw.class1
    event.start_date, event.end_date = datetime.date(2024, 6, 18), datetime.date(2024, 6, 19)
    event.venue = "Hội trường UBND huyện"
    event.invitation_note = "Giấy mời và căn cước công dân\n- Tài liệu tập huấn được phát tại lớp"
    event.save()
    text = texts(build(event))
    assert "1. Thời gian: 02 ngày (18–19/06/2024)." in text
    assert "2. Địa điểm: Hội trường UBND huyện." in text
    assert "5. Đại biểu mang theo:\n- Giấy mời và căn cước công dân\n- Tài liệu tập huấn được phát tại lớp" in text
    assert "tài liệu liên quan" not in text


def test_the_files(tw, client, login):
    login(tw.users.staff)
    cells = workbook_cells(client.get(url(tw.class1, "xlsx")).content)
    assert all(cell.data_type != "f" for cell in cells)
    values = [cell.value for cell in cells if cell.value is not None]
    for expected in ("UBND HUYỆN HUYỆN A", "Số: …/GM-UBND", "GIẤY MỜI", "Tổng cộng", "Nơi nhận:", "- Lưu: VT."):
        assert expected in values, expected
    assert values[values.index("Tổng cộng") + 1 :][:1] == [7]
    response = client.get(url(tw.class1, "pdf"))
    assert response["Content-Type"] == "application/pdf"
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages))
    for expected in ("GIẤY MỜI", "Số: …/GM-UBND", "Kính gửi: UBND xã Xã A1", "Tổng cộng 7", "Vừ A Hùng", "Nơi nhận:"):
        assert expected in text, expected


def test_the_admin_shows_what_to_bring(tw, client, login):
    login(tw.users.admin)
    response = client.get(reverse("admin:training_trainingevent_change", args=[tw.class1.pk]))
    assert response.status_code == 200
    assert 'name="invitation_note"' in response.content.decode()
