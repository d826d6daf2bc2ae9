"""Demo data of the monitoring app for the Tủa Chùa 2024 plan (loaded by `load_demo`).

`load_monitoring_demo()` adds, through the services (so the audit trail reads as if the Labour office and
the units had done the work): the public holidays of 2024 and 2025, the form catalogue, the units that
carry out Projects 1, 2 and 3.1 themselves (Biểu 04–06), the plan's two reporting periods, the visits of
activities 2.1 and 2.2b with their teams, findings and recommendations in every status with the
addressees' responses and staff's checks, and the units' submissions for the first six months (on time,
late, missing, returned, accepted).

Idempotent: rows are found by natural keys (holiday date; form code; unit and form; plan and period name;
activity and visit title; period, unit and form) and created only when missing; what exists is never
changed (a visit that exists keeps its team, findings and recommendations as they are).

The services stamp the current time, and the demo replays 2024: each step runs under a fixed clock
(`_clock`) so that submissions are on time or late and the history carries 2024 dates. What must stay
ahead of the day the demo is loaded (one planned visit, the recommendations not yet due) is dated
relative to that day.

Holidays (days off for civil servants, as announced for each year; make-up Saturdays are not modelled):
2024 — 01/01; Tết Giáp Thìn 08/02–14/02; Giỗ Tổ 18/04; 29/04 (swapped with Saturday 04/05), 30/04, 01/05;
02/09 and 03/09. 2025 — 01/01; Tết Ất Tỵ 25/01–02/02; Giỗ Tổ 07/04; 30/04, 01/05, 02/05 (swapped with
Saturday 26/04); 01/09 and 02/09.
"""

import contextlib
import datetime
import unicodedata
from dataclasses import dataclass
from unittest import mock
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from monitoring import selectors, services
from monitoring.models import (
    AttachmentKind,
    MonitoringVisit,
    PeriodKind,
    PublicHoliday,
    RecommendationStatus,
    ReportForm,
    ReportingPeriod,
    Submission,
    UnitFormRequirement,
    VisitKind,
    VisitMethod,
    VisitStatus,
)
from plans.demo.loader import read_units_csv
from plans.demo.tua_chua_2024 import DEMO_STAFF, DISTRICT, PLAN
from plans.models import AdministrativeUnit, Office, Plan
from tuachua.audit import log_action
from tuachua.permissions import ROLE_GROUPS, Role

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
STAFF_USERNAME = DEMO_STAFF[0][0]  # phonglaodong


def _days(first: str, last: str) -> list[str]:
    start, end = datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)
    return [(start + datetime.timedelta(days=n)).isoformat() for n in range((end - start).days + 1)]


HOLIDAYS = [
    ("2024-01-01", "Tết Dương lịch"),
    *((day, "Tết Nguyên đán Giáp Thìn") for day in _days("2024-02-08", "2024-02-14")),
    ("2024-04-18", "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
    ("2024-04-29", "Nghỉ hoán đổi dịp 30/4 - 1/5 (làm bù thứ Bảy 04/5/2024)"),
    ("2024-04-30", "Ngày Chiến thắng"),
    ("2024-05-01", "Ngày Quốc tế Lao động"),
    ("2024-09-02", "Quốc khánh"),
    ("2024-09-03", "Quốc khánh (ngày liền kề)"),
    ("2025-01-01", "Tết Dương lịch"),
    *((day, "Tết Nguyên đán Ất Tỵ") for day in _days("2025-01-25", "2025-02-02")),
    ("2025-04-07", "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
    ("2025-04-30", "Ngày Chiến thắng"),
    ("2025-05-01", "Ngày Quốc tế Lao động"),
    ("2025-05-02", "Nghỉ hoán đổi dịp 30/4 - 1/5 (làm bù thứ Bảy 26/4/2025)"),
    ("2025-09-01", "Quốc khánh (ngày liền kề)"),
    ("2025-09-02", "Quốc khánh"),
]

# Units that carry out a component themselves and so owe its form (Biểu 04 Dự án 1, 05 Dự án 2, 06 TDA 1 DA 3).
IMPLEMENTING = {
    "BIEU-04": ("LAO-XA-PHINH", "HUOI-SO", "SIN-CHAI", "TA-PHIN"),
    "BIEU-05": ("MUONG-DUN", "MUONG-BANG", "XA-NHE"),
    "BIEU-06": ("MUONG-BANG", "TA-SIN-THANG", "TUA-THANG", "SINH-PHINH", "TRUNG-THU"),
}

SIX_MONTHS = "6 tháng đầu năm 2024"
YEAR = "Năm 2024"
PERIODS = [  # (name, kind, start, end, local due date set by the plan; nationally 1 June and 1 December)
    (SIX_MONTHS, PeriodKind.SIX_MONTH, "2024-01-01", "2024-06-30", "2024-05-25"),
    (YEAR, PeriodKind.ANNUAL, "2024-01-01", "2024-12-31", "2024-11-25"),
]

# Submissions for the first six months: unit → {form code or "*" for every form it owes: (day, outcome)}.
ACCEPT, PENDING, RETURN, RESUBMIT = "accept", "pending", "return", "resubmit"
SIX_MONTH_SUBMISSIONS = {
    "TT-TUA-CHUA": {"*": ("2024-05-20", ACCEPT)},
    "MUONG-DUN": {"*": ("2024-05-22", ACCEPT)},
    "LAO-XA-PHINH": {"*": ("2024-05-24", PENDING)},
    "MUONG-BANG": {"*": ("2024-05-23", ACCEPT), "BIEU-06": ("2024-05-23", RESUBMIT)},
    "HUOI-SO": {"*": ("2024-06-04", ACCEPT)},  # late
    "SIN-CHAI": {"*": ("2024-05-21", ACCEPT), "MAU-01": ("2024-05-21", RETURN)},
    "XA-NHE": {"*": ("2024-06-12", PENDING)},  # late
    "TA-PHIN": {},  # nothing sent
    "TA-SIN-THANG": {"BIEU-03": ("2024-05-24", ACCEPT)},  # Biểu 06 and Mẫu 01 missing
    "TUA-THANG": {"*": ("2024-05-28", ACCEPT)},  # late
    "SINH-PHINH": {},  # nothing sent
    "TRUNG-THU": {"*": ("2024-05-25", PENDING)},  # on the due date itself
}
RETURN_COMMENTS = {
    "MAU-01": "Báo cáo chưa nêu kết quả thực hiện các kiến nghị của Đoàn giám sát và chưa có chữ ký, đóng dấu. "
    "Đề nghị bổ sung rồi gửi lại.",
    "BIEU-06": "Số hộ tham gia dự án ở cột 5 không khớp với danh sách đã phê duyệt; đề nghị kiểm tra, gửi lại.",
}


@dataclass(frozen=True)
class RecSpec:
    """A recommendation: addressee (unit or office code), text, due date (ISO, or days after the day the
    demo is loaded: not yet due) and what happened to it: (day, step, text) with step in
    "progress", "done" (reported done, with a file of evidence), "close", "reopen"."""

    to: str
    text: str
    due: str | int
    steps: tuple[tuple[str, str, str], ...] = ()
    finding: int | None = None  # number of the visit's finding it follows from


@dataclass(frozen=True)
class VisitSpec:
    activity: str
    title: str
    kind: str
    method: str
    start: str | int  # ISO date, or days after the day of loading (a visit still to come)
    end: str | int
    units: tuple[str, ...]
    team: tuple[tuple[str, str, str], ...]  # (name, office code or "", role); "@staff" is the staff account
    done: bool = True
    summary: str = ""
    findings: tuple[tuple[str, str], ...] = ()  # (unit code or "", text)
    recs: tuple[RecSpec, ...] = ()


LDTBXH, TCKH, NNPTNT, KTHT = "TUA-CHUA-LDTBXH", "TUA-CHUA-TCKH", "TUA-CHUA-NNPTNT", "TUA-CHUA-KTHT"
BCD, BCD_RSHN = "TUA-CHUA-BCD", "TUA-CHUA-BCD-RSHN"

PERIODIC_TEAM = (
    ("Vừ A Hùng", BCD_RSHN, "Phó Chủ tịch UBND huyện, Trưởng Ban Chỉ đạo — Trưởng đoàn"),
    ("Lò Văn Thượng", LDTBXH, "Trưởng phòng — Phó Trưởng đoàn thường trực"),
    ("Nguyễn Thị Hương", LDTBXH, "Phó Trưởng phòng — Thành viên"),
    ("Giàng A Páo", LDTBXH, "Chuyên viên — Thư ký đoàn"),
    ("Trần Văn Nam", LDTBXH, "Chuyên viên — Thành viên"),
    ("Phạm Thị Lan", TCKH, "Phó Trưởng phòng — Thành viên"),
    ("Quàng Văn Inh", TCKH, "Chuyên viên — Thành viên"),
    ("Sùng A Chứ", NNPTNT, "Phó Trưởng phòng — Thành viên"),
    ("Lường Thị Hoa", NNPTNT, "Chuyên viên — Thành viên"),
    ("Đỗ Văn Long", KTHT, "Phó Trưởng phòng — Thành viên"),
    ("Mùa A Dế", KTHT, "Chuyên viên — Thành viên"),
    ("Thào A Sính", "", "Thành viên — Phòng Dân tộc huyện"),
    ("Tòng Thị Thoa", "", "Thành viên — Phòng Văn hóa và Thông tin huyện"),
    ("Cà Văn Biên", "", "Thành viên — Phòng Y tế huyện"),
    ("Vàng Thị Mai", "", "Thành viên — Phòng Giáo dục và Đào tạo huyện"),
    ("Hờ A Lử", "", "Thành viên — Phòng Tài nguyên và Môi trường huyện"),
    ("Lầu A Chá", "", "Thành viên — Ủy ban MTTQ Việt Nam huyện"),
    ("Lý Thị Dua", "", "Thành viên — Hội Liên hiệp Phụ nữ huyện"),
    ("Cứ A Sử", "", "Thành viên — Hội Nông dân huyện"),
    ("Sình A Lềnh", "", "Thành viên — Huyện đoàn"),
    ("Tráng A Vư", "", "Thành viên — Phòng giao dịch Ngân hàng Chính sách xã hội huyện"),
)
AD_HOC_TEAM = (
    ("Lò Văn Thượng", LDTBXH, "Trưởng phòng — Trưởng đoàn"),
    ("Nguyễn Thị Hương", LDTBXH, "Phó Trưởng phòng — Thành viên"),
    ("Giàng A Páo", LDTBXH, "Chuyên viên — Thành viên"),
    ("Trần Văn Nam", LDTBXH, "Chuyên viên — Thành viên"),
    ("Lò Thị Ánh", LDTBXH, "Chuyên viên — Thư ký"),
)


def _programme_team(*members) -> tuple:
    return (("@staff", LDTBXH, "Trưởng đoàn"), *members)


_DONE_EVIDENCE = "Đã thực hiện xong; gửi kèm biên bản, danh sách minh chứng."
VISITS = [
    VisitSpec(
        activity="2.1",
        title="Giám sát, đánh giá thực hiện Chương trình năm 2024 tại xã Mường Báng",
        kind=VisitKind.PERIODIC,
        method=VisitMethod.DIRECT,
        start="2024-06-18",
        end="2024-06-19",
        units=("MUONG-BANG",),
        team=_programme_team(("Sùng A Chứ", NNPTNT, "Thành viên"), ("Quàng Văn Inh", TCKH, "Thành viên")),
        summary="Xã triển khai đúng kế hoạch các dự án được giao; tiến độ giải ngân Tiểu dự án 1 Dự án 3 còn chậm.",
        findings=(
            (
                "MUONG-BANG",
                "Hồ sơ bình xét hộ tham gia dự án hỗ trợ phát triển sản xuất ở 02 thôn chưa có biên bản họp thôn.",
            ),
            (
                "MUONG-BANG",
                "Xã mới giải ngân 41% vốn Tiểu dự án 1 Dự án 3 được giao; mô hình nuôi bò sinh sản triển khai chậm.",
            ),
        ),
        recs=(
            RecSpec(
                "MUONG-BANG",
                "Hoàn thiện biên bản bình xét hộ tham gia dự án hỗ trợ phát triển sản xuất tại thôn 02 và thôn 05.",
                "2024-07-31",
                (
                    ("2024-07-10", "progress", "Đã họp thôn 02; thôn 05 họp trong tháng 7."),
                    ("2024-07-26", "done", _DONE_EVIDENCE),
                    ("2024-08-02", "close", "Hồ sơ đầy đủ."),
                ),
                finding=1,
            ),
            RecSpec(
                "MUONG-BANG",
                "Đẩy nhanh giải ngân vốn Tiểu dự án 1 Dự án 3; báo cáo tiến độ về Phòng LĐTBXH hằng tháng.",
                "2024-09-30",
                (
                    ("2024-08-20", "progress", "Đã giải ngân thêm 180 triệu đồng (đạt 63%)."),
                    ("2024-10-02", "done", "Đã giải ngân 96% vốn được giao; gửi kèm báo cáo."),
                ),
                finding=2,
            ),
            RecSpec(
                NNPTNT,
                "Cử cán bộ hướng dẫn kỹ thuật chăm sóc bò sinh sản cho các hộ tham gia mô hình tại xã Mường Báng.",
                "2024-08-15",
                finding=2,
            ),
        ),
    ),
    VisitSpec(
        activity="2.1",
        title="Giám sát, đánh giá thực hiện Chương trình năm 2024 tại xã Huổi Só",
        kind=VisitKind.PERIODIC,
        method=VisitMethod.DIRECT,
        start="2024-08-13",
        end="2024-08-14",
        units=("HUOI-SO",),
        team=_programme_team(("Lò Văn Thượng", LDTBXH, "Thành viên"), ("Phạm Thị Lan", TCKH, "Thành viên")),
        summary="Xã chưa cập nhật đủ thông tin đối tượng thụ hưởng lên Hệ thống; báo cáo định kỳ gửi chậm.",
        findings=(
            (
                "HUOI-SO",
                "Thông tin đối tượng thụ hưởng Dự án 1 mới cập nhật lên Hệ thống quản lý chương trình ở 4/7 thôn.",
            ),
            ("HUOI-SO", "Biểu số 03 và Mẫu số 01 kỳ 6 tháng gửi chậm 10 ngày so với hạn của Kế hoạch."),
            ("", "Xã còn lúng túng trong thủ tục thanh toán, quyết toán vốn sự nghiệp Dự án 1."),
        ),
        recs=(
            RecSpec(
                "HUOI-SO",
                "Cập nhật đầy đủ thông tin đối tượng thụ hưởng Dự án 1 của 3 thôn còn lại lên Hệ "
                "thống quản lý chương trình.",
                "2024-09-30",
                (
                    ("2024-09-25", "done", "Đã cập nhật xong."),
                    (
                        "2024-10-01",
                        "reopen",
                        "Kiểm tra trên Hệ thống: thôn 06 và thôn 07 còn thiếu 23 hộ. Đề nghị "
                        "cập nhật nốt rồi báo cáo lại.",
                    ),
                ),
                finding=1,
            ),
            RecSpec(
                "HUOI-SO",
                "Gửi báo cáo định kỳ (Biểu số 03, Mẫu số 01) đúng hạn của các kỳ báo cáo tiếp theo.",
                40,
                finding=2,
            ),
            RecSpec(
                TCKH,
                "Hướng dẫn xã Huổi Só thủ tục thanh toán, quyết toán vốn sự nghiệp Dự án 1 năm 2024.",
                "2024-10-15",
                (
                    (
                        "2024-10-10",
                        "progress",
                        "Đã làm việc với kế toán xã ngày 08/10; hẹn hoàn thiện hồ sơ trong tháng 11.",
                    ),
                ),
                finding=3,
            ),
        ),
    ),
    VisitSpec(
        activity="2.1",
        title="Giám sát gián tiếp qua báo cáo của thành viên Ban Chỉ đạo: xã Lao Xả Phình",
        kind=VisitKind.PERIODIC,
        method=VisitMethod.INDIRECT,
        start="2024-09-16",
        end="2024-09-20",
        units=("LAO-XA-PHINH",),
        team=_programme_team(("Trần Văn Nam", LDTBXH, "Thành viên")),
        summary="Theo báo cáo của thành viên BCĐ phụ trách xã: các dự án triển khai đúng tiến độ; còn 03 thôn chưa "
        "có người theo dõi công tác giảm nghèo.",
        findings=(("LAO-XA-PHINH", "03 thôn (thôn 02, 06, 08) chưa phân công người theo dõi công tác giảm nghèo."),),
        recs=(
            RecSpec(
                "LAO-XA-PHINH",
                "Phân công cán bộ theo dõi, hỗ trợ công tác giảm nghèo tại thôn 02, 06 và 08.",
                "2024-10-31",
                (("2024-10-21", "done", "Đã có Quyết định phân công; gửi kèm."), ("2024-10-25", "close", "")),
                finding=1,
            ),
            RecSpec(
                "LAO-XA-PHINH",
                "Lập danh sách hộ nghèo có nhu cầu hỗ trợ nhà ở, gửi Phòng LĐTBXH để tổng hợp vào kế hoạch năm sau.",
                25,
                (("2024-11-18", "progress", "Đã tổng hợp 6/9 thôn."),),
            ),
        ),
    ),
    VisitSpec(
        activity="2.1",
        title="Giám sát, đánh giá thực hiện Chương trình tại xã Trung Thu",
        kind=VisitKind.PERIODIC,
        method=VisitMethod.DIRECT,
        start=21,
        end=22,
        units=("TRUNG-THU",),
        team=_programme_team(("Nguyễn Thị Hương", LDTBXH, "Thành viên"), ("Đỗ Văn Long", KTHT, "Thành viên")),
        done=False,
    ),
    VisitSpec(
        activity="2.2b",
        title="Giám sát định kỳ rà soát hộ nghèo, hộ cận nghèo năm 2024",
        kind=VisitKind.PERIODIC,
        method=VisitMethod.DIRECT,
        start="2024-11-04",
        end="2024-11-22",
        units=tuple(row["code"] for row in read_units_csv()),
        team=PERIODIC_TEAM,
        summary="Các xã, thị trấn triển khai rà soát đúng quy trình, đúng thời gian; một số thôn chưa niêm yết công "
        "khai đủ thời gian, phiếu còn thiếu chữ ký, chấm điểm chưa chính xác.",
        findings=(
            ("", "Các xã, thị trấn thành lập Ban Chỉ đạo rà soát, tổ chức họp dân bình xét đúng quy trình."),
            ("TT-TUA-CHUA", "Kết quả bình xét ở 04 tổ dân phố chưa được niêm yết công khai đủ 3 ngày."),
            ("MUONG-DUN", "Phiếu B1 của 11 hộ ở thôn 03 và thôn 07 thiếu chữ ký chủ hộ."),
            ("LAO-XA-PHINH", "05 hộ có điểm thu nhập sát chuẩn cận nghèo chưa được bình xét lại."),
            ("HUOI-SO", "Biên bản họp bình xét ở thôn 02 và thôn 04 thiếu chữ ký đại diện Ban công tác Mặt trận."),
            ("SIN-CHAI", "Điểm phiếu B2 của 12 hộ thoát nghèo chưa khớp với thực tế kiểm tra."),
            ("XA-NHE", "Kết quả rà soát chưa được cập nhật vào phần mềm quản lý hộ nghèo."),
            ("TA-PHIN", "Xã chưa cử cán bộ đi cùng điều tra viên ở 02 thôn vùng cao."),
            ("TUA-THANG", "07 hộ mới rơi vào nghèo do sạt lở đất chưa có phương án hỗ trợ."),
        ),
        recs=(
            RecSpec(
                "TT-TUA-CHUA",
                "Niêm yết công khai kết quả bình xét tại nhà văn hóa 04 tổ dân phố đủ 3 ngày.",
                "2024-12-06",
                (("2024-11-29", "done", _DONE_EVIDENCE), ("2024-12-03", "close", "")),
                finding=2,
            ),
            RecSpec(
                "MUONG-DUN",
                "Bổ sung chữ ký chủ hộ vào phiếu B1 của 11 hộ ở thôn 03 và thôn 07.",
                "2024-12-06",
                (("2024-12-02", "done", _DONE_EVIDENCE), ("2024-12-05", "close", "")),
                finding=3,
            ),
            RecSpec(
                "LAO-XA-PHINH",
                "Tổ chức họp dân bình xét lại 05 hộ có điểm thu nhập sát chuẩn cận nghèo.",
                "2024-12-13",
                (
                    ("2024-12-04", "progress", "Đã họp thôn 04; thôn 09 họp ngày 10/12."),
                    ("2024-12-12", "done", "Đã bình xét lại cả 05 hộ; gửi kèm biên bản."),
                ),
                finding=4,
            ),
            RecSpec(
                "MUONG-BANG",
                "Rà soát lại thu nhập của hộ có thành viên đi làm ăn xa, bảo đảm tính đủ thu nhập.",
                "2024-12-13",
                (("2024-12-09", "done", _DONE_EVIDENCE), ("2024-12-16", "close", "Đã kiểm tra 15 hộ.")),
            ),
            RecSpec(
                "HUOI-SO",
                "Hoàn thiện biên bản họp bình xét ở thôn 02 và thôn 04 (chữ ký đại diện Ban công tác Mặt trận).",
                "2024-12-06",
                finding=5,
            ),
            RecSpec(
                "SIN-CHAI",
                "Kiểm tra lại kết quả chấm điểm phiếu B2 của 12 hộ thoát nghèo.",
                "2024-12-13",
                (
                    ("2024-12-10", "done", "Đã kiểm tra lại, giữ nguyên kết quả."),
                    (
                        "2024-12-18",
                        "reopen",
                        "Đoàn kiểm tra đột xuất thấy 03 hộ chấm sai điểm tài sản; đề nghị "
                        "chấm lại cả 12 hộ có xác nhận của trưởng thôn.",
                    ),
                ),
                finding=6,
            ),
            RecSpec(
                "XA-NHE",
                "Cập nhật kết quả rà soát vào phần mềm quản lý hộ nghèo, hộ cận nghèo.",
                "2024-12-20",
                (("2024-12-16", "progress", "Đã nhập 6/10 thôn."),),
                finding=7,
            ),
            RecSpec(
                "TA-PHIN",
                "Cử cán bộ xã đi cùng điều tra viên rà soát lại ở thôn 05 và thôn 08.",
                "2024-12-13",
                finding=8,
            ),
            RecSpec(
                "TA-SIN-THANG",
                "Lưu trữ đầy đủ hồ sơ rà soát theo từng thôn tại bộ phận một cửa.",
                "2024-12-20",
                (("2024-12-17", "done", _DONE_EVIDENCE), ("2024-12-19", "close", "")),
            ),
            RecSpec(
                "TUA-THANG",
                "Xây dựng phương án hỗ trợ 07 hộ mới rơi vào nghèo do sạt lở đất.",
                30,
                (("2024-12-20", "progress", "Đã trình UBND huyện hỗ trợ làm nhà tạm cho 04 hộ."),),
                finding=9,
            ),
            RecSpec(
                "SINH-PHINH",
                "Lập kế hoạch hỗ trợ hộ cận nghèo thoát cận nghèo năm 2025.",
                12,
                (("2025-01-10", "done", "Đã ban hành Kế hoạch; gửi kèm."),),
            ),
            RecSpec("TRUNG-THU", "Rà soát, bổ sung danh sách hộ có người khuyết tật vào diện bảo trợ xã hội.", 2),
            RecSpec(
                TCKH,
                "Bố trí kinh phí chi trả thù lao điều tra viên rà soát hộ nghèo năm 2024 cho các xã, thị trấn.",
                "2024-12-20",
                (
                    ("2024-12-11", "done", "Đã trình UBND huyện bổ sung dự toán; Quyết định kèm theo."),
                    ("2024-12-16", "close", ""),
                ),
            ),
            RecSpec(LDTBXH, "Tổng hợp kết quả rà soát toàn huyện, trình UBND huyện phê duyệt.", 60),
        ),
    ),
    VisitSpec(
        activity="2.2b",
        title="Giám sát đột xuất rà soát hộ nghèo tại xã Sín Chải",
        kind=VisitKind.AD_HOC,
        method=VisitMethod.DIRECT,
        start="2024-11-27",
        end="2024-11-27",
        units=("SIN-CHAI",),
        team=AD_HOC_TEAM,
        summary="Kiểm tra trực tiếp 20 hộ: 03 hộ chấm điểm tài sản chưa đúng.",
        findings=(("SIN-CHAI", "03 hộ có xe máy, nhà xây kiên cố chưa được tính điểm tài sản trong phiếu B1."),),
        recs=(
            RecSpec(
                "SIN-CHAI",
                "Chấm lại điểm tài sản của 03 hộ và điều chỉnh kết quả rà soát.",
                "2024-12-06",
                (("2024-12-04", "done", _DONE_EVIDENCE), ("2024-12-09", "close", "")),
                finding=1,
            ),
            RecSpec(
                "SIN-CHAI",
                "Tập huấn lại cách chấm điểm phiếu B1 cho điều tra viên các thôn.",
                45,
                (("2024-12-20", "progress", "Đã tập huấn 5/11 thôn."),),
            ),
        ),
    ),
    VisitSpec(
        activity="2.2b",
        title="Giám sát đột xuất rà soát hộ nghèo tại xã Tả Phìn và xã Sính Phình",
        kind=VisitKind.AD_HOC,
        method=VisitMethod.DIRECT,
        start="2024-12-10",
        end="2024-12-11",
        units=("TA-PHIN", "SINH-PHINH"),
        team=AD_HOC_TEAM,
        summary="Điều tra viên một số thôn chưa nắm vững nghiệp vụ; hồ sơ rà soát lưu trữ chưa đầy đủ.",
        findings=(
            ("TA-PHIN", "Điều tra viên thôn 04 chưa dự tập huấn nghiệp vụ rà soát."),
            ("SINH-PHINH", "Hồ sơ rà soát của 03 thôn chưa được lưu tại xã."),
        ),
        recs=(
            RecSpec("TA-PHIN", "Hướng dẫn lại nghiệp vụ rà soát cho điều tra viên thôn 04.", "2024-12-20", finding=1),
            RecSpec(
                "SINH-PHINH",
                "Thu thập, lưu trữ đầy đủ hồ sơ rà soát của thôn 03, 09 và 11 tại xã.",
                "2024-12-27",
                (("2024-12-26", "done", _DONE_EVIDENCE),),
                finding=2,
            ),
        ),
    ),
]


# --- helpers --------------------------------------------------------------------------------------------


@contextlib.contextmanager
def _clock(moment: datetime.datetime):
    """Run the services as if it were `moment` (they and the audit trail stamp `timezone.now()`)."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def _at(day: datetime.date | str, hour: int = 9) -> datetime.datetime:
    day = datetime.date.fromisoformat(day) if isinstance(day, str) else day
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=TZ)


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return text.encode("ascii", "ignore").decode()


def demo_pdf(title: str) -> bytes:
    """A valid one-page PDF (with its cross-reference table) showing `title` without diacritics."""
    text = _ascii(title).replace("\\", "").replace("(", "").replace(")", "")[:90]
    stream = f"BT /F1 12 Tf 72 770 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _pdf_upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{name}.pdf", demo_pdf(name), content_type="application/pdf")


def _demo_plan() -> Plan:
    plan = (
        Plan.objects.filter(issuing_unit__code=DISTRICT["code"], year=PLAN["year"])
        .select_related("issuing_unit")
        .order_by("pk")
        .first()
    )
    if plan is None:
        raise LookupError("Chưa có kế hoạch mẫu năm 2024 của huyện Tủa Chùa: chạy load_demo trước.")
    return plan


@dataclass
class _World:
    plan: Plan
    staff: object
    units: dict[str, AdministrativeUnit]
    offices: dict[str, Office]
    officers: dict[str, object]  # unit code → officer account (staff when the unit has none)
    office_staff: dict[int, object]  # office id → an office staff account
    today: datetime.date

    def day(self, value: str | int) -> datetime.date:
        """An ISO date, or a number of days after the day the demo is loaded."""
        if isinstance(value, int):
            return self.today + datetime.timedelta(days=value)
        return datetime.date.fromisoformat(value)


def _world(plan: Plan) -> _World:
    User = get_user_model()
    staff = User.objects.filter(username=STAFF_USERNAME).first()
    if staff is None:
        raise LookupError("Chưa có tài khoản mẫu: chạy load_demo trước.")
    units = {unit.code: unit for unit in AdministrativeUnit.objects.filter(parent=plan.issuing_unit)}
    officers = {user.username: user for user in User.objects.filter(username__in=[c.lower() for c in units])}
    office_staff = {}
    for user in User.objects.filter(
        groups__name=ROLE_GROUPS[Role.OFFICE_STAFF], membership__office__isnull=False
    ).select_related("membership"):
        office_staff.setdefault(user.membership.office_id, user)
    return _World(
        plan=plan,
        staff=staff,
        units=units,
        offices={office.code: office for office in Office.objects.filter(unit=plan.issuing_unit)},
        officers={code: officers.get(code.lower(), staff) for code in units},
        office_staff=office_staff,
        today=timezone.localdate(),
    )


# --- reference data -------------------------------------------------------------------------------------


def _load_holidays(world: _World) -> int:
    existing = set(PublicHoliday.objects.values_list("date", flat=True))
    added = 0
    for day, name in HOLIDAYS:
        date = datetime.date.fromisoformat(day)
        if date in existing:
            continue
        with _clock(_at(f"{date.year - 1}-12-20")):
            holiday = PublicHoliday(date=date, name=name)
            holiday.full_clean()
            holiday.save()
            log_action(actor=world.staff, action="public_holiday_add", obj=holiday)
        added += 1
    return added


def _load_requirements(world: _World) -> int:
    forms = {form.code: form for form in ReportForm.objects.filter(code__in=IMPLEMENTING)}
    existing = set(UnitFormRequirement.objects.values_list("unit__code", "form__code"))
    added = 0
    with _clock(_at("2024-01-15")):
        for code, unit_codes in IMPLEMENTING.items():
            for unit_code in unit_codes:
                if code in forms and unit_code in world.units and (unit_code, code) not in existing:
                    services.unit_form_requirement_set(
                        unit=world.units[unit_code], form=forms[code], required=True, by=world.staff
                    )
                    added += 1
    return added


def _load_periods(world: _World) -> tuple[dict[str, ReportingPeriod], int]:
    periods = {period.name: period for period in ReportingPeriod.objects.filter(plan=world.plan)}
    created = 0
    with _clock(_at("2024-01-15")):
        for name, kind, start, end, due in PERIODS:
            if name not in periods:
                created += 1
                periods[name] = services.reporting_period_create(
                    plan=world.plan,
                    name=name,
                    kind=kind,
                    start=datetime.date.fromisoformat(start),
                    end=datetime.date.fromisoformat(end),
                    due_date=datetime.date.fromisoformat(due),
                    by=world.staff,
                )
    return periods, created


# --- visits, findings, recommendations ------------------------------------------------------------------


def _load_visit(world: _World, activity, spec: VisitSpec, counts: dict[str, int]) -> None:
    start, end = world.day(spec.start), world.day(spec.end)
    planned_on = min(start - datetime.timedelta(days=14), world.today)
    with _clock(_at(planned_on)):
        visit = services.visit_create(
            activity=activity,
            kind=spec.kind,
            method=spec.method,
            title=spec.title,
            planned_start=start,
            planned_end=end,
            units=[world.units[code] for code in spec.units],
            by=world.staff,
        )
        for name, office_code, role in spec.team:
            user = world.staff if name == "@staff" else None
            services.visit_add_team_member(
                visit=visit,
                by=world.staff,
                user=user,
                name="" if user else name,
                office=world.offices.get(office_code),
                role=role,
            )
    counts["visits"] += 1
    counts["team_members"] += len(spec.team)
    if not spec.done:
        return
    with _clock(_at(start, 8)):
        services.visit_set_status(visit=visit, status=VisitStatus.IN_PROGRESS, by=world.staff, actual_start=start)
    with _clock(_at(end, 17)):
        services.visit_set_status(visit=visit, status=VisitStatus.DONE, by=world.staff, actual_end=end)
        services.visit_update(visit=visit, by=world.staff, summary=spec.summary)
        services.visit_attach_file(
            visit=visit, kind=AttachmentKind.MINUTES, file=_pdf_upload(f"Biên bản {spec.title}"), by=world.staff
        )
        findings = [
            services.finding_add(visit=visit, text=text, by=world.staff, unit=world.units.get(code))
            for code, text in spec.findings
        ]
        counts["findings"] += len(findings)
        for rec_spec in spec.recs:
            _load_recommendation(world, visit, rec_spec, findings, counts)


def _load_recommendation(world: _World, visit, spec: RecSpec, findings, counts: dict[str, int]) -> None:
    unit, office = world.units.get(spec.to), world.offices.get(spec.to)
    rec = services.recommendation_create(
        visit=visit,
        text=spec.text,
        due_date=world.day(spec.due),
        by=world.staff,
        unit=unit,
        office=office,
        finding=findings[spec.finding - 1] if spec.finding else None,
    )
    counts["recommendations"] += 1
    responder = world.officers[unit.code] if unit else world.office_staff.get(office.pk, world.staff)
    for day, step, text in spec.steps:
        with _clock(_at(day, 14)):
            if step in ("close", "reopen"):
                services.recommendation_verify(recommendation=rec, by=world.staff, close=step == "close", comment=text)
            else:
                done = step == "done"
                services.recommendation_respond(
                    recommendation=rec,
                    by=responder,
                    text=text,
                    new_status=RecommendationStatus.REPORTED_DONE if done else RecommendationStatus.IN_PROGRESS,
                    files=[_pdf_upload(f"Minh chứng - {rec.addressee}")] if done else (),
                )
        counts["responses"] += 1


def _load_visits(world: _World, counts: dict[str, int]) -> None:
    activities = {activity.code: activity for activity in world.plan.activities.select_related("plan__issuing_unit")}
    existing = set(MonitoringVisit.objects.filter(activity__plan=world.plan).values_list("activity__code", "title"))
    for spec in VISITS:
        if spec.activity in activities and (spec.activity, spec.title) not in existing:
            _load_visit(world, activities[spec.activity], spec, counts)


# --- submissions ----------------------------------------------------------------------------------------


def _load_submissions(world: _World, period: ReportingPeriod, counts: dict[str, int]) -> None:
    units = [world.units[code] for code in SIX_MONTH_SUBMISSIONS if code in world.units]
    owed = selectors.required_forms(period, units)
    existing = set(Submission.objects.filter(period=period).values_list("unit_id", "form_id"))
    for unit in units:
        plan = SIX_MONTH_SUBMISSIONS[unit.code]
        for form in owed[unit.pk]:
            spec = plan.get(form.code) or plan.get("*")
            if spec is None or (unit.pk, form.pk) in existing:
                continue
            _submit(world, period, unit, form, *spec)
            counts["submissions"] += 1


def _submit(world: _World, period, unit, form, day: str, outcome: str) -> None:
    officer, sent = world.officers[unit.code], datetime.date.fromisoformat(day)
    name = f"{form.name.split(' — ')[0]} - {unit.full_name} - {period.name}"

    def upload(on: datetime.date, suffix: str = ""):
        with _clock(_at(on, 10)):
            return services.submission_upload(
                period=period, unit=unit, form=form, file=_pdf_upload(name + suffix), by=officer
            )

    def review(on: datetime.date, accept: bool, comment: str = "") -> None:
        with _clock(_at(on, 15)):
            services.submission_review(submission=submission, by=world.staff, accept=accept, comment=comment)

    submission = upload(sent)
    if outcome in (RETURN, RESUBMIT):
        review(sent + datetime.timedelta(days=2), False, RETURN_COMMENTS[form.code])
    if outcome == RESUBMIT:
        submission = upload(sent + datetime.timedelta(days=4), " (sửa)")
        review(sent + datetime.timedelta(days=6), True)
    elif outcome == ACCEPT:
        review(sent + datetime.timedelta(days=3), True)


# --- entry point ----------------------------------------------------------------------------------------


@transaction.atomic
def load_monitoring_demo() -> dict[str, int]:
    """Create what is missing of the monitoring demo; returns how many rows of each kind were created."""
    plan = _demo_plan()
    world = _world(plan)
    counts = dict.fromkeys(
        ["holidays", "forms", "requirements", "periods", "visits", "team_members", "findings", "recommendations"]
        + ["responses", "submissions"],
        0,
    )
    counts["holidays"] = _load_holidays(world)
    with _clock(_at("2024-01-10")):
        counts["forms"] = services.report_forms_install_defaults(by=world.staff)
    counts["requirements"] = _load_requirements(world)
    periods, counts["periods"] = _load_periods(world)
    _load_visits(world, counts)
    _load_submissions(world, periods[SIX_MONTHS], counts)
    return counts
