"""The app's own Phụ lục I/II, exported (blank or filled), filled in the ways officers do, and uploaded back.

The issue: the blank Phụ lục I came back with "Thôn 01" read as TCVN3 ("Thụn 01"), so every village delegate
landed at commune level and the list could not be saved; a mixed workbook turned "Chá A Dình" into
"Chỏ A Dỡnh". Here the villages are named "Thôn 01" and "Bản Chá" (both also readable as TCVN3).
"""

import io

import pytest
from django.urls import reverse

from plans.models import AdministrativeUnit
from tests.training.conftest import make_list, row
from tests.training.legacy_fixtures import TCVN3_FONT, VNI_FONT, as_read, fill_blank
from training.models import Delegate, ListStatus
from training.upload import parse_registration_workbook

VILLAGE_NAMES = ("Bản Chá", "Thôn 01")  # in the order the forms list them


@pytest.fixture
def world(training_world):
    """Commune A1 with villages "Bản Chá" and "Thôn 01"."""
    for village, name in zip(training_world.villages_a1, VILLAGE_NAMES, strict=True):
        AdministrativeUnit.objects.filter(pk=village.pk).update(name=name)
        village.name = name
    return training_world


def download(client, kind: str, event) -> bytes:
    response = client.get(f"/documents/{kind}/{event.pk}.xlsx")
    assert response.status_code == 200
    return response.content


def parse(data: bytes, world):
    villages = [(village.pk, village.name) for village in world.villages_a1]
    return parse_registration_workbook(data, villages=villages, filename="phu-luc.xlsx")


# One delegate per seat of class 1 (3 at commune level, 2 per village): (name, position, how it is typed).
SEATS = [
    ("Chá A Dình", "Chủ tịch UBND xã", "unicode"),
    ("Lò Văn Ỏn", "Công chức Lao động - TBXH", "tcvn3"),
    ("Vàng Seo Chứ", "Bí thư Đoàn xã", "vni"),
    ("Giàng A Páo", "Trưởng bản", "tcvn3"),
    ("Lò Thị Ỏn", "Bí thư chi bộ", "unicode"),
    ("Sùng Thị Dở", "Chi hội trưởng Phụ nữ bản", "tcvn3-caps"),
    ("Cứ Thị Súa", "Người có uy tín", "vni"),
]


def numbered(seats, typing: str | None = None) -> dict[int, tuple[str, str, str]]:
    """The seats by row number (TT), each typed its own way or all `typing`."""
    return {number: (name, position, typing or how) for number, (name, position, how) in enumerate(seats, start=1)}


def levels(world) -> list:
    v1, v2 = world.villages_a1
    return [None, None, None, v1.pk, v1.pk, v2.pk, v2.pk]


class TestBlankAnnexFilledAndUploaded:
    def test_headings_are_the_villages_and_every_cell_is_recovered(self, world, client, login):
        login(world.users.officer_a)
        data = fill_blank(download(client, "annex-blank", world.class1), numbered(SEATS))
        upload = parse(data, world)
        got = [(item.row.full_name, item.row.position, item.row.village_id) for item in upload.rows]
        want = [(as_read(n, how), as_read(p, how), v) for (n, p, how), v in zip(SEATS, levels(world), strict=True)]
        assert got == want
        assert all(not item.problems for item in upload.rows)
        assert upload.converted == {"tcvn3": 6, "vni": 4}
        assert upload.flagged == 0
        unicode_rows = [upload.rows[0], upload.rows[4]]
        assert all(item.cells == {} for item in unicode_rows)  # "Chá A Dình", "Lò Thị Ỏn" untouched

    @pytest.mark.parametrize(("sheet_font", "typing"), [(TCVN3_FONT, "tcvn3"), (VNI_FONT, "vni")])
    def test_whole_sheet_set_in_a_legacy_font(self, world, client, login, sheet_font, typing):
        """The app's headings ("II. Bản Chá", "III. Thôn 01") now sit in a legacy font: they stay Unicode."""
        login(world.users.officer_a)
        data = fill_blank(download(client, "annex-blank", world.class1), numbered(SEATS, typing), sheet_font=sheet_font)
        upload = parse(data, world)
        assert [item.row.village_id for item in upload.rows] == levels(world)
        assert [item.row.full_name for item in upload.rows] == [name for name, _p, _how in SEATS]
        assert all(not item.problems for item in upload.rows)
        assert upload.flagged == 0

    def test_study_tour_blank_form(self, world, client, login):
        """Phụ lục II has no village headings (3 seats per commune)."""
        login(world.users.officer_a)
        data = fill_blank(download(client, "annex-blank", world.tour), numbered(SEATS[:3]))
        upload = parse(data, world)
        assert [item.row.full_name for item in upload.rows] == ["Chá A Dình", "Lò Văn Ỏn", "Vàng Seo Chứ"]
        assert upload.sheet_title.startswith("Phụ lục II")

    def test_preview_marks_converted_cells_and_the_list_is_saved(self, world, client, login):
        login(world.users.officer_a)
        data = fill_blank(download(client, "annex-blank", world.class1), numbered(SEATS))
        url = reverse("training:upload", args=[world.class1.pk, world.a1.pk])
        upload_file = io.BytesIO(data)
        upload_file.name = "phu-luc-1.xlsx"
        page = client.post(url, {"file": upload_file})
        assert page.status_code == 200
        html = page.content.decode()
        assert "6 ô đã chuyển từ TCVN3 sang Unicode" in html
        assert "4 ô đã chuyển từ VNI sang Unicode" in html
        assert html.count('data-testid="cell-origin"') == 10
        assert 'gốc (TCVN3):</span> <span class="cell-origin-text">Lß V¨n án</span>' in html
        assert "ô cần kiểm tra" not in html
        saved = client.post(
            reverse("training:upload_confirm", args=[world.class1.pk, world.a1.pk]), {"mode": "replace"}
        )
        assert saved.status_code == 302
        delegates = Delegate.objects.filter(reg_list__unit=world.a1, reg_list__event=world.class1).order_by("order")
        assert [(d.full_name, d.village_id) for d in delegates] == [
            (as_read(name, how), village) for (name, _p, how), village in zip(SEATS, levels(world), strict=True)
        ]

    def test_preview_counts_and_explains_flagged_cells(self, world, client, login):
        login(world.users.officer_a)
        seats = [("Hờ A Dê", "Chủ tịch UBND xã", "unicode"), *SEATS[1:6]]
        seats.append(("Chỏ A Dỡnh", "Ủy viên UBMTTQ xã", "tcvn3"))  # stored "Chá A Dình", "ñy viªn UBMTTQ x·"
        data = fill_blank(download(client, "annex-blank", world.class1), numbered(seats))
        page = client.post(
            reverse("training:upload", args=[world.class1.pk, world.a1.pk]),
            {"file": _named(data, "phu-luc-1.xlsx")},
        )
        html = page.content.decode()
        assert "2 ô cần kiểm tra: không chắc về bảng mã hoặc chữ hoa" in html
        assert html.count('data-testid="cell-flag"') == 2
        assert "nếu gõ bằng TCVN3 thì là “Chỏ A Dỡnh”" in html
        assert "có thể là “Ủy viên UBMTTQ xã”" in html
        assert 'class="table-warning"' in html


def _named(data: bytes, name: str) -> io.BytesIO:
    buffer = io.BytesIO(data)
    buffer.name = name
    return buffer


class TestFilledAnnexUploadedBack:
    LOOKALIKE_ROWS = [
        ("Chá A Dình", "Chủ tịch UBND xã", None),
        ("Lò Thị Ỏn", "Phó Bí thư Đảng ủy", None),
        ("Tô Thị Mý", "Ủy viên UBMTTQ xã", None),
        ("Giàng A Páo", "Trưởng bản", 0),
        ("Lý Mí Chá", "Bí thư chi bộ", 0),
        ("Thò Mí Sáng", "Người có uy tín", 1),
        ("Khá Thị Pô", "Trưởng thôn", 1),
    ]

    @pytest.mark.parametrize("kind", ["class1", "tour"])
    def test_nothing_is_altered(self, world, client, login, kind):
        event = getattr(world, kind)
        rows = [
            row(name, position, village=None if index is None or kind == "tour" else world.villages_a1[index])
            for name, position, index in self.LOOKALIKE_ROWS[: 3 if kind == "tour" else 7]
        ]
        make_list(event, world.a1, rows, status=ListStatus.SUBMITTED)
        login(world.users.officer_a)
        upload = parse(download(client, "annex", event), world)
        saved = Delegate.objects.filter(reg_list__unit=world.a1, reg_list__event=event).order_by("order")
        assert [(r.row.full_name, r.row.position, r.row.village_id, r.row.paid_by_state) for r in upload.rows] == [
            (d.full_name, d.position, d.village_id, d.paid_by_state) for d in saved
        ]
        assert (upload.encoding, upload.converted, upload.flagged, upload.warnings) == (None, {}, 0, [])
        assert all(item.cells == {} and not item.problems for item in upload.rows)
