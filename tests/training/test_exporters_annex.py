"""Phụ lục I/II of a unit (filled and blank): who may download it, and what the files say."""

import io

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.training.conftest import make_list, quota_of, row
from training.models import Delegate, ListStatus
from training.upload import parse_registration_workbook
from tuachua.exporters import get_exporter

HEADER = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def url(kind, event, fmt, unit=None):
    query = f"?unit={unit.pk}" if unit is not None else ""
    return f"/documents/{kind}/{event.pk}.{fmt}{query}"


def values(content: bytes) -> list[tuple]:
    ws = load_workbook(io.BytesIO(content)).active
    return [row for row in ws.iter_rows(values_only=True) if any(value not in (None, "") for value in row)]


def flat(rows) -> list[str]:
    return [str(value) for row in rows for value in row if value not in (None, "")]


@pytest.fixture(autouse=True)
def fresh_cache():
    caches["documents"].clear()


@pytest.fixture
def filled(training_world):
    t = training_world
    v1, v2 = t.villages_a1
    rows = [
        row("Vừ A Hùng", "Chủ tịch UBND", paid=True),
        row("Giàng A Sếnh", "Công chức LĐ-TB&XH", paid=True),
        row("Lò Văn Thượng", "Bí thư chi bộ", village=v1, paid=False),
        row("Sùng Thị Mỷ", "Trưởng thôn", village=v2, paid=False, notes="Người có uy tín"),
    ]
    make_list(t.class1, t.a1, rows, status=ListStatus.SUBMITTED)
    return t


def test_officer_downloads_their_units_annex_without_naming_the_unit(filled, client, login):
    login(filled.users.officer_a)
    response = client.get(url("annex", filled.class1, "xlsx"))
    assert response.status_code == 200
    assert 'filename="Phu-luc-I_Xa-A1_2024.xlsx"' in response["Content-Disposition"]
    assert "filename*=UTF-8''Ph%E1%BB%A5%20l%E1%BB%A5c%20I_X%C3%A3%20A1_2024.xlsx" in response["Content-Disposition"]


def test_annex_permissions(filled, client, login):
    users = filled.users
    login(users.officer_a)
    assert client.get(url("annex", filled.class1, "xlsx", filled.a2)).status_code == 404  # another unit
    assert client.get(url("annex", filled.class2, "xlsx")).status_code == 404  # an event of another unit
    login(users.staff)
    assert client.get(url("annex", filled.class1, "xlsx")).status_code == 404  # staff must name the unit
    assert client.get(url("annex", filled.class1, "xlsx", filled.a2)).status_code == 404  # A2 is not in class 1
    assert client.get(url("annex", filled.class1, "xlsx", filled.a1)).status_code == 200
    login(users.outsider)
    assert client.get(url("annex", filled.class1, "xlsx", filled.a1)).status_code == 404
    client.logout()
    assert client.get(url("annex", filled.class1, "xlsx", filled.a1)).status_code == 302


def test_annex_workbook_is_the_appendix_of_the_plan(filled, client, login):
    login(filled.users.staff)
    rows = values(client.get(url("annex", filled.class1, "xlsx", filled.a1)).content)
    text = flat(rows)
    for expected in (
        "UBND HUYỆN HUYỆN A",
        "UBND XÃ XÃ A1",
        HEADER,
        "Phụ lục I",
        "DANH SÁCH ĐẠI BIỂU ĐĂNG KÝ THAM GIA TẬP HUẤN NÂNG CAO NĂNG LỰC NĂM 2024",
        "TRÊN ĐỊA BÀN XÃ XÃ A1",
        "Ghi chú:",
        "Cột 3: Chức vụ ghi rõ là cán bộ, công chức, Bí thư, Trưởng thôn,...",
        'Cột 4,5 tích dấu "X" đúng với chế độ được thụ hưởng',
        "Người lập",
        "TM. ỦY BAN NHÂN DÂN",
    ):
        assert expected in text, expected
    start = next(index for index, r in enumerate(rows) if r[1] == "Họ và tên")
    assert rows[start][:6] == (
        "TT",
        "Họ và tên",
        "Chức vụ",
        "Hưởng lương từ NSNN",
        "Không hưởng lương từ NSNN",
        "Ghi chú",
    )
    assert rows[start + 1][:6] == ("1", "2", "3", "4", "5", "6")
    table = [r[:6] for r in rows[start + 2 : start + 9]]
    assert table == [
        ("I. Cấp xã", None, None, None, None, None),
        (1, "Vừ A Hùng", "Chủ tịch UBND", "X", None, None),
        (2, "Giàng A Sếnh", "Công chức LĐ-TB&XH", "X", None, None),
        ("II. Thôn 1", None, None, None, None, None),
        (3, "Lò Văn Thượng", "Bí thư chi bộ", None, "X", None),
        ("III. Thôn 2", None, None, None, None, None),
        (4, "Sùng Thị Mỷ", "Trưởng thôn", None, "X", "Người có uy tín"),
    ]


def test_annex_workbook_can_be_uploaded_again_unchanged(filled, client, login):
    login(filled.users.officer_a)
    content = client.get(url("annex", filled.class1, "xlsx")).content
    villages = [(village.pk, village.name) for village in filled.villages_a1]
    parsed = parse_registration_workbook(content, villages=villages, filename="phu-luc.xlsx")
    got = [(r.row.full_name, r.row.position, r.row.village_id, r.row.paid_by_state) for r in parsed.rows]
    saved = Delegate.objects.filter(reg_list__unit=filled.a1).order_by("order")
    assert got == [(d.full_name, d.position, d.village_id, d.paid_by_state) for d in saved]


def test_a_name_that_looks_like_a_formula_stays_text(filled, client, login):
    reg_list = Delegate.objects.filter(reg_list__unit=filled.a1).first().reg_list
    Delegate.objects.create(
        reg_list=reg_list,
        order=9,
        full_name='=HYPERLINK("http://x.example","Bấm")',
        name_key="x",
        position="Cán bộ",
        paid_by_state=True,
    )
    login(filled.users.staff)
    ws = load_workbook(io.BytesIO(client.get(url("annex", filled.class1, "xlsx", filled.a1)).content)).active
    cells = [cell for r in ws.iter_rows() for cell in r if cell.value == '=HYPERLINK("http://x.example","Bấm")']
    assert len(cells) == 1 and cells[0].data_type == "s"


def test_annex_pdf_shows_every_name_and_the_signature_blocks(filled, client, login):
    login(filled.users.officer_a)
    response = client.get(url("annex", filled.class1, "pdf"))
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for expected in (
        HEADER,
        "Độc lập - Tự do - Hạnh phúc",
        "UBND XÃ XÃ A1",
        "Phụ lục I",
        "DANH SÁCH ĐẠI BIỂU",
        "Vừ A Hùng",
        "Giàng A Sếnh",
        "Lò Văn Thượng",
        "Sùng Thị Mỷ",
        "Người lập",
        "TM. ỦY BAN NHÂN DÂN",
    ):
        assert expected in text, expected


def test_study_tour_uses_phu_luc_ii(training_world, client, login):
    make_list(training_world.tour, training_world.a1, [row("Vừ A Hùng", "Phó Chủ tịch UBND")])
    login(training_world.users.officer_a)
    text = flat(values(client.get(url("annex", training_world.tour, "xlsx")).content))
    assert "Phụ lục II" in text
    assert "DANH SÁCH ĐĂNG KÝ THAM GIA HỌC TẬP, TRAO ĐỔI KINH NGHIỆM NĂM 2024" in text
    assert "I. Cấp xã" not in text  # no village delegates: no level headings


def test_a_unit_without_a_list_gets_an_empty_table(training_world, client, login):
    login(training_world.users.officer_a)
    response = client.get(url("annex", training_world.class1, "xlsx"))
    assert response.status_code == 200
    assert "Họ và tên" in flat(values(response.content))


def test_blank_form_has_the_numbered_rows_of_the_quota(training_world, client, login):
    login(training_world.users.officer_a)
    rows = values(client.get(url("annex-blank", training_world.class1, "xlsx")).content)
    start = next(index for index, r in enumerate(rows) if r[1] == "Họ và tên") + 2
    table = [
        r for r in rows[start:] if r[0] is not None and (isinstance(r[0], int) or str(r[0])[:2] in ("I.", "II", "II"))
    ]
    numbers = [r[0] for r in table if isinstance(r[0], int)]
    quota = quota_of(training_world.class1, training_world.a1)
    assert numbers == list(range(1, quota.total + 1))
    headings = [r[0] for r in table if isinstance(r[0], str)]
    assert headings == ["I. Cấp xã", "II. Thôn 1", "III. Thôn 2"]
    assert all(r[1] is None for r in table if isinstance(r[0], int))


def test_building_the_annex_takes_the_same_queries_for_2_or_7_delegates(training_world, django_user_model):
    t = training_world
    exporter = get_exporter("annex")
    staff = django_user_model.objects.get(username="staff")
    make_list(t.class1, t.a1, [row("Vừ A Hùng", "Chủ tịch"), row("Lò Văn Thượng", "Bí thư", village=t.villages_a1[0])])

    def count():
        with CaptureQueriesContext(connection) as queries:
            exporter.build(exporter.get_object(staff, t.class1.pk, {"unit": str(t.a1.pk)}), {})
        return len(queries)

    count()  # the user's role is read once and kept
    small = count()
    extra = [row(f"Người số {n}", "Cán bộ", village=t.villages_a1[n % 2]) for n in range(1, 5)]
    Delegate.objects.filter(reg_list__unit=t.a1).delete()
    reg_list = make_list(t.class2, t.a2, [row("Vàng A Páo")])  # another list must not count
    assert reg_list.pk
    from training import services

    own = services.list_for_unit(event=t.class1, unit=t.a1)
    services.list_save(
        reg_list=own,
        rows=[row("Vừ A Hùng", "Chủ tịch"), *extra, row("Mùa A Dế", "Cán bộ")],
        quota=quota_of(t.class1, t.a1),
        by=staff,
        expected_version=own.version,
    )
    assert Delegate.objects.filter(reg_list=own).count() == 6
    assert count() == small


def test_admin_action_downloads_one_list_or_a_zip_of_several(filled, client, login):
    from training.models import RegistrationList

    make_list(filled.class2, filled.a2, [row("Vàng A Páo")])
    login(filled.users.admin)
    lists = list(RegistrationList.objects.order_by("pk"))
    changelist = "/admin/training/registrationlist/"
    one = client.post(changelist, {"action": "export_annex_xlsx", "_selected_action": [lists[0].pk]})
    assert one.status_code == 200 and one["Content-Type"].startswith("application/vnd.openxmlformats")
    both = client.post(changelist, {"action": "export_annex_xlsx", "_selected_action": [r.pk for r in lists]})
    assert both["Content-Type"] == "application/zip"
    import zipfile

    names = zipfile.ZipFile(io.BytesIO(both.content)).namelist()
    assert sorted(names) == ["Phu-luc-I_Xa-A1_2024.xlsx", "Phu-luc-I_Xa-A2_2024.xlsx"]


def test_export_command_writes_the_same_file(filled, tmp_path, client, login):
    from django.core.management import call_command

    target = tmp_path / "annex.xlsx"
    call_command(
        "export_document",
        "annex",
        str(filled.class1.pk),
        "--format",
        "xlsx",
        "--param",
        f"unit={filled.a1.pk}",
        "--output",
        str(target),
        "--as-user",
        "staff",
    )
    login(filled.users.staff)
    assert target.read_bytes() == client.get(url("annex", filled.class1, "xlsx", filled.a1)).content
