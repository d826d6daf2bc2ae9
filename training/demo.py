"""Demo data of the training app for the Tủa Chùa 2024 plan (loaded by `plans.demo.loader`).

`load_training_demo()` creates the events the plan schedules: the four training classes of activity 1.1,
the study tour of 1.2 and the poor-household review training of 2.2a. `load_demo_registrations()` fills
registration lists (Phụ lục I/II) in every state through the services, so the audit trail reads as if
the units and the Labour office had done the work.

Both are idempotent: events are found by (activity, number), lists by (event, unit); what exists is
never changed. Names are generated deterministically (a fixed seed) from names common in the area.
"""

import datetime
import random
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction

from plans.demo.loader import read_units_csv
from plans.models import AdministrativeUnit, Plan, UnitKind
from training import services
from training.models import EventKind, FormKind, Gender, ListStatus, RegistrationList, TrainingEvent
from training.quotas import quota_for
from training.selectors import participating_units, villages_by_unit
from tuachua.text import compare_key

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DISTRICT_CODE = "TUA-CHUA"
PLAN_YEAR = 2024
STAFF_USERNAME = "phonglaodong"
CLASS_DEADLINE = datetime.datetime(2024, 3, 18, 23, 59, 59, tzinfo=TZ)
REVIEW_DEADLINE = datetime.datetime(2024, 8, 31, 23, 59, 59, tzinfo=TZ)
BY_INVITATION = "Thời gian, địa điểm cụ thể sẽ thông báo bằng Giấy mời"
CLASS_TITLES = ("Lớp thứ nhất", "Lớp thứ hai", "Lớp thứ ba", "Lớp thứ tư")


@dataclass(frozen=True)
class EventSpec:
    activity: str
    number: int
    kind: str
    title: str
    days: int
    form: str
    unit_seats: int
    village_seats: int
    host_seats: int
    deadline: datetime.datetime
    schedule_note: str
    unit_codes: tuple[str, ...]


def event_specs() -> list[EventSpec]:
    """The events of the plan; the units of each class come from units.csv's training_class column."""
    rows = read_units_csv()
    every_unit = tuple(row["code"] for row in rows)
    specs = [
        EventSpec(
            activity="1.1",
            number=number,
            kind=EventKind.TRAINING_CLASS,
            title=title,
            days=2,
            form=FormKind.ANNEX_1,
            unit_seats=9,
            village_seats=5,
            host_seats=0,
            deadline=CLASS_DEADLINE,
            schedule_note=BY_INVITATION,
            unit_codes=tuple(row["code"] for row in rows if int(row["training_class"]) == number),
        )
        for number, title in enumerate(CLASS_TITLES, start=1)
    ]
    specs.append(
        EventSpec(
            activity="1.2",
            number=1,
            kind=EventKind.STUDY_TOUR,
            title="Đoàn học tập trao đổi kinh nghiệm",
            days=8,
            form=FormKind.ANNEX_2,
            unit_seats=3,
            village_seats=0,
            host_seats=12,
            deadline=CLASS_DEADLINE,
            schedule_note="Một số huyện trong tỉnh và ngoài tỉnh; thời gian cụ thể sẽ thông báo sau bằng văn bản",
            unit_codes=every_unit,
        )
    )
    specs.append(
        EventSpec(
            activity="2.2a",
            number=1,
            kind=EventKind.REVIEW_TRAINING,
            title="Tập huấn nghiệp vụ rà soát hộ nghèo, hộ cận nghèo",
            days=1,
            form=FormKind.ANNEX_1,
            unit_seats=10,
            village_seats=2,
            host_seats=20,
            deadline=REVIEW_DEADLINE,
            schedule_note="Thời gian và địa điểm cụ thể sẽ có thông báo sau",
            unit_codes=every_unit,
        )
    )
    return specs


def demo_plan() -> Plan:
    plan = Plan.objects.filter(issuing_unit__code=DISTRICT_CODE, year=PLAN_YEAR).order_by("pk").first()
    if plan is None:
        raise LookupError("Chưa có kế hoạch mẫu năm 2024 của huyện Tủa Chùa: chạy load_demo trước.")
    return plan


@transaction.atomic
def load_training_demo() -> dict[str, int]:
    """Create the plan's training events that are missing; returns how many of each kind were created."""
    plan = demo_plan()
    activities = {activity.code: activity for activity in plan.activities.all()}
    created = dict.fromkeys(EventKind.values, 0)
    for spec in event_specs():
        if spec.activity not in activities:
            raise LookupError(f"Kế hoạch mẫu thiếu hoạt động {spec.activity}.")
        if _create_event(plan, activities[spec.activity], spec):
            created[spec.kind] += 1
    return created


def _create_event(plan: Plan, activity, spec: EventSpec) -> bool:
    if TrainingEvent.objects.filter(activity=activity, number=spec.number).exists():
        return False
    event = TrainingEvent(
        activity=activity,
        kind=spec.kind,
        form=spec.form,
        number=spec.number,
        title=spec.title,
        days=spec.days,
        venue="",
        schedule_note=spec.schedule_note,
        unit_seats=spec.unit_seats,
        village_seats=spec.village_seats,
        host_seats=spec.host_seats,
        registration_deadline=spec.deadline,
    )
    event.full_clean()
    event.save()
    event.units.set(AdministrativeUnit.objects.filter(parent=plan.issuing_unit, code__in=spec.unit_codes))
    event.capacity = sum(quota_for(event, unit).total for unit in participating_units(event))
    event.save(update_fields=["capacity", "updated_at"])
    return True


# --- names ---------------------------------------------------------------------------------------------

SEED = 2024
FAMILIES = {
    "hmong": ("Giàng", "Vàng", "Sùng", "Mùa", "Thào", "Lầu", "Vừ", "Hờ", "Lý", "Cứ", "Chang", "Sình", "Tráng"),
    "thai": ("Lò", "Lường", "Quàng", "Tòng", "Cà"),
    "kinh": ("Nguyễn", "Trần", "Phạm", "Đỗ"),
}
MIDDLES = {
    ("hmong", Gender.MALE): ("A", "A", "A", "Văn"),
    ("thai", Gender.MALE): ("Văn",),
    ("kinh", Gender.MALE): ("Văn",),
}


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


GIVEN = {
    ("hmong", Gender.MALE): _names(
        "Sếnh Páo Chứ Dế Tủa Lử Chá Sính Chừ Dình Giả Lềnh Nủ Phềnh Sử Vảng Xá Chinh Của Dơ Già Lao Mang Nhè "
        "Sày Thắng Tếnh Vư Chu Dùa Hồ Kỷ Lồng Nhà Pua Tồng Thề Xè Chúng Hùng Pó"
    ),
    ("hmong", Gender.FEMALE): _names("Mỷ Mai Dua Sua Súa Dợ Chở Pàng Dính Mo Ly Xí Chía Dở Mỉ Sú Máy Dê Chua Say Mị"),
    ("thai", Gender.MALE): _names("Thượng Hùng Khánh Panh Ơn Biên Hoan Xuân Thiết Chiến Pấng Ún Inh Phong Dũng"),
    ("thai", Gender.FEMALE): _names("Hoa Nhung Ánh Duyên Ngoan Thoa Ươi Lả Thanh Hương"),
    ("kinh", Gender.MALE): _names("Hùng Khánh Thượng Dũng Tuấn Nam Long Hải Quang Thành Hiếu Bình"),
    ("kinh", Gender.FEMALE): _names("Hoa Nhung Lan Hương Thu Phượng Hiền Ngọc Yến Hà"),
}
# Weights of the groups among the people of a unit (the district is mostly H'Mông; Thái in the Mường
# valleys; Kinh mostly in the town and among commune civil servants).
DEFAULT_MIX = {"hmong": 9, "thai": 1, "kinh": 0}
MIXES = {
    "TT-TUA-CHUA": {"hmong": 4, "thai": 2, "kinh": 4},
    "MUONG-DUN": {"hmong": 6, "thai": 4, "kinh": 0},
    "MUONG-BANG": {"hmong": 6, "thai": 3, "kinh": 1},
}
# The one deliberate cross-unit duplicate (the staff's duplicate flag has something to show).
DUPLICATE_NAME = "Giàng A Sếnh"
DUPLICATE_AT = {"MUONG-BANG": 2, "HUOI-SO": 4}  # unit code: index of the village whose head carries the name
RESERVED_NAMES = (DUPLICATE_NAME, "Vừ A Hùng")  # "Vừ A Hùng" signs the plan


class NameBook:
    """Hands out full names, never the same one twice."""

    def __init__(self, reserved=RESERVED_NAMES):
        self.used = {compare_key(name) for name in reserved}

    def person(self, rng: random.Random, *, gender: str, mix: dict[str, int]) -> str:
        groups = [group for group, weight in mix.items() if weight]
        weights = [mix[group] for group in groups]
        for _attempt in range(10_000):
            group = rng.choices(groups, weights=weights)[0]
            middle = "Thị" if gender == Gender.FEMALE else rng.choice(MIDDLES[group, gender])
            name = f"{rng.choice(FAMILIES[group])} {middle} {rng.choice(GIVEN[group, gender])}"
            if compare_key(name) not in self.used:
                self.used.add(compare_key(name))
                return name
        raise RuntimeError("Hết tên để sinh dữ liệu mẫu.")


# --- what each unit registers ---------------------------------------------------------------------------

PARTIAL = "partial"  # a draft with only part of the rows typed in
# Training classes (activity 1.1): state of each unit's list; units not named have not started theirs.
CLASS_STATES = {
    "TT-TUA-CHUA": ListStatus.APPROVED,
    "MUONG-DUN": ListStatus.APPROVED,
    "LAO-XA-PHINH": ListStatus.SUBMITTED,
    "MUONG-BANG": ListStatus.APPROVED,
    "HUOI-SO": ListStatus.RETURNED,
    "SIN-CHAI": ListStatus.SUBMITTED,
    "XA-NHE": ListStatus.DRAFT,
    "TA-SIN-THANG": ListStatus.APPROVED,
    "TUA-THANG": PARTIAL,
    "TRUNG-THU": ListStatus.SUBMITTED,
}
TOUR_STATES = {
    "TT-TUA-CHUA": ListStatus.APPROVED,
    "MUONG-DUN": ListStatus.SUBMITTED,
    "MUONG-BANG": ListStatus.APPROVED,
    "SIN-CHAI": ListStatus.SUBMITTED,
    "XA-NHE": ListStatus.DRAFT,
}
SUBMITTED_ON = {  # day of March 2024 on which each unit submitted its lists
    "TT-TUA-CHUA": 8,
    "MUONG-DUN": 11,
    "LAO-XA-PHINH": 15,
    "MUONG-BANG": 7,
    "HUOI-SO": 12,
    "SIN-CHAI": 14,
    "TA-SIN-THANG": 13,
    "TRUNG-THU": 18,
}
VILLAGE_POSITIONS = (
    "Bí thư chi bộ",
    "Trưởng thôn",
    "Trưởng ban công tác Mặt trận",
    "Chi hội trưởng Phụ nữ",
    "Bí thư Chi đoàn",
)
VILLAGE_HEADS = ("Trưởng thôn", "Tổ trưởng tổ dân phố")
TOUR_CULTURE_OFFICER = "Công chức Văn hóa - Xã hội (phụ trách giảm nghèo)"
TOUR_VILLAGE_MEMBER = "Thành viên Ban phát triển thôn"


@dataclass
class UnitRoster:
    """The people one unit registers: its Phụ lục I rows (commune level first) and Phụ lục II rows."""

    unit: AdministrativeUnit
    class_rows: list[services.Row] = field(default_factory=list)
    tour_rows: list[services.Row] = field(default_factory=list)


def _phone(rng: random.Random, chance: float) -> str:
    return f"0{rng.choice('389')}{rng.randrange(10**8):08d}" if rng.random() < chance else ""


def _commune_rows(rng: random.Random, book: NameBook, unit: AdministrativeUnit, mix) -> list[services.Row]:
    party = rng.choice(["Bí thư Đảng ủy", "Phó Bí thư Đảng ủy"])
    youth = "Bí thư Đoàn thị trấn" if unit.kind == UnitKind.TOWN else "Bí thư Đoàn xã"
    positions = [party, "Chủ tịch HĐND", "Chủ tịch UBND", "Chủ tịch Ủy ban MTTQ", "Chủ tịch Hội LHPN", youth]
    positions += ["Công chức LĐ-TB&XH", "Kế toán", "Công chức Địa chính", "Khuyến nông"]
    dropped = rng.choice(["Chủ tịch HĐND", "Công chức Địa chính", "Khuyến nông"])  # nine seats, ten posts
    positions.remove(dropped)
    staff_mix = {**mix, "kinh": mix.get("kinh", 0) + 1}
    rows = []
    for position in positions:
        female = position == "Chủ tịch Hội LHPN" or rng.random() < 0.2
        gender = Gender.FEMALE if female else Gender.MALE
        notes = "Kiêm Chủ tịch HĐND" if position == "Bí thư Đảng ủy" and dropped == "Chủ tịch HĐND" else ""
        rows.append(
            services.Row(
                full_name=book.person(rng, gender=gender, mix=staff_mix),
                position=position,
                paid_by_state=True,
                notes=notes,
                phone=_phone(rng, 0.85),
                gender=gender,
            )
        )
    return rows


def _village_rows(rng: random.Random, book: NameBook, unit, village, mix) -> list[services.Row]:
    rows = []
    for position in VILLAGE_POSITIONS:
        if position == "Trưởng thôn" and unit.kind == UnitKind.TOWN:
            position = "Tổ trưởng tổ dân phố"
        female = position == "Chi hội trưởng Phụ nữ" or rng.random() < (0.35 if "Chi đoàn" in position else 0.1)
        gender = Gender.FEMALE if female else Gender.MALE
        paid, notes = False, ""
        if position == "Bí thư Chi đoàn" and rng.random() < 0.08:
            paid, notes = True, "Giáo viên"  # a teacher on the state payroll
        elif position == "Bí thư Chi đoàn" and rng.random() < 0.08:
            position, notes = "Người có uy tín", "Thay Bí thư Chi đoàn (đi học)"
        rows.append(
            services.Row(
                full_name=book.person(rng, gender=gender, mix=mix),
                position=position,
                village_id=village.pk,
                paid_by_state=paid,
                notes=notes,
                phone=_phone(rng, 0.45),
                gender=gender,
            )
        )
    if rng.random() < 0.12:
        rows.pop()  # the village sends four: its youth secretary is away
    return rows


def plan_rosters(units: list[AdministrativeUnit], villages: dict[int, list]) -> dict[str, UnitRoster]:
    """Who each unit registers, from a fixed seed: the same units and villages give the same people."""
    book = NameBook()
    rosters = {}
    for unit in units:
        rng = random.Random(f"{SEED}:{unit.code}")
        mix = MIXES.get(unit.code, DEFAULT_MIX)
        roster = UnitRoster(unit=unit)
        state = CLASS_STATES.get(unit.code)
        if state is not None:
            roster.class_rows = _commune_rows(rng, book, unit, mix)
            unit_villages = villages[unit.pk]
            for index, village in enumerate(unit_villages):
                rows = _village_rows(rng, book, unit, village, mix)
                if DUPLICATE_AT.get(unit.code) == index:
                    rows[1].full_name, rows[1].gender = DUPLICATE_NAME, Gender.MALE
                roster.class_rows += rows
            if state == PARTIAL:  # typed the commune level but for two posts, and the first three villages
                typed = {v.pk for v in unit_villages[:3]}
                roster.class_rows = roster.class_rows[:7] + [r for r in roster.class_rows[9:] if r.village_id in typed]
        if unit.code in TOUR_STATES:
            roster.tour_rows = _tour_rows(rng, book, roster, mix)
        rosters[unit.code] = roster
    return rosters


def _tour_rows(rng: random.Random, book: NameBook, roster: UnitRoster, mix) -> list[services.Row]:
    """Phụ lục II: one UBND leader, the culture officer in charge of poverty reduction, one member of a
    village development board (the chairman and the village head are the people of the class list)."""
    chairman = next((r for r in roster.class_rows if r.position == "Chủ tịch UBND"), None)
    heads = [r for r in roster.class_rows if r.position in VILLAGE_HEADS and r.full_name != DUPLICATE_NAME]
    gender = rng.choice([Gender.MALE, Gender.FEMALE])
    leader_name = chairman.full_name if chairman else book.person(rng, gender=Gender.MALE, mix=mix)
    head = rng.choice(heads) if heads else None
    member_name = head.full_name if head else book.person(rng, gender=Gender.MALE, mix=mix)
    villages = {v.pk: v.name for v in roster.unit.children.all()}
    return [
        services.Row(
            full_name=leader_name,
            position="Chủ tịch UBND",
            paid_by_state=True,
            phone=chairman.phone if chairman else "",
            gender=chairman.gender if chairman else Gender.MALE,
        ),
        services.Row(
            full_name=book.person(rng, gender=gender, mix={**mix, "kinh": mix.get("kinh", 0) + 1}),
            position=TOUR_CULTURE_OFFICER,
            paid_by_state=True,
            phone=_phone(rng, 0.9),
            gender=gender,
        ),
        services.Row(
            full_name=member_name,
            position=TOUR_VILLAGE_MEMBER,
            paid_by_state=False,
            notes=villages.get(head.village_id, "") if head else "",
            gender=head.gender if head else Gender.MALE,
        ),
    ]


# --- writing the lists through the services -------------------------------------------------------------


def _submitted_at(code: str) -> datetime.datetime:
    return datetime.datetime(2024, 3, SUBMITTED_ON.get(code, 10), 9, 0, tzinfo=TZ)


def _return_comment(roster: UnitRoster, units_by_code: dict[str, AdministrativeUnit]) -> str:
    duplicate = next((r for r in roster.class_rows if r.full_name == DUPLICATE_NAME), None)
    if duplicate is None:
        return "Đề nghị bổ sung số điện thoại liên hệ của các đại biểu cấp thôn, bản rồi gửi lại."
    village = roster.unit.children.get(pk=duplicate.village_id)
    other = next(units_by_code[code] for code in DUPLICATE_AT if code != roster.unit.code)
    return (
        f"Đại biểu {DUPLICATE_NAME} (Trưởng thôn, {village.name}) trùng họ tên với đại biểu đã đăng ký của "
        f"{other.full_name}. Đề nghị đơn vị kiểm tra lại; nếu là hai người khác nhau, ghi rõ năm sinh vào cột "
        "Ghi chú rồi gửi lại."
    )


def _write_list(*, event, roster: UnitRoster, rows, state, officer, staff, comment: str = "") -> RegistrationList:
    unit = roster.unit
    quota = quota_for(event, unit)
    reg_list = services.list_for_unit(event=event, unit=unit)
    reg_list = services.list_save(
        reg_list=reg_list, rows=rows, quota=quota, by=officer, expected_version=reg_list.version
    )
    if state in (ListStatus.DRAFT, PARTIAL):
        return reg_list
    reg_list = services.list_submit(reg_list=reg_list, quota=quota, by=officer, now=_submitted_at(unit.code))
    if state == ListStatus.RETURNED:
        return services.list_return(reg_list=reg_list, by=staff, comment=comment)
    if state == ListStatus.APPROVED:
        return services.list_approve(reg_list=reg_list, by=staff)
    return reg_list


def _demo_events(plan: Plan) -> tuple[dict[str, TrainingEvent], TrainingEvent]:
    """The class of each unit (by code) and the study tour."""
    events = TrainingEvent.objects.filter(activity__plan=plan).select_related("activity__plan")
    classes = events.filter(activity__code="1.1", kind=EventKind.TRAINING_CLASS).prefetch_related("units")
    class_of = {unit.code: event for event in classes for unit in event.units.all()}
    tour = events.filter(activity__code="1.2", kind=EventKind.STUDY_TOUR).order_by("number").first()
    if not class_of or tour is None:
        raise LookupError("Chưa có các lớp tập huấn mẫu: chạy load_training_demo() trước.")
    return class_of, tour


@transaction.atomic
def load_demo_registrations() -> dict[str, int]:
    """Registration lists of the demo units in mixed states; a unit whose list exists is skipped."""
    plan = demo_plan()
    class_of, tour = _demo_events(plan)
    codes = [row["code"] for row in read_units_csv()]
    units_by_code = {u.code: u for u in AdministrativeUnit.objects.filter(parent=plan.issuing_unit, code__in=codes)}
    units = [units_by_code[code] for code in codes if code in units_by_code]
    rosters = plan_rosters(units, villages_by_unit(units))
    users = get_user_model().objects.filter(username__in=[STAFF_USERNAME, *(c.lower() for c in codes)])
    users = {user.username: user for user in users}
    if STAFF_USERNAME not in users:
        raise LookupError("Chưa có tài khoản mẫu: chạy load_demo trước.")
    statuses = (ListStatus.DRAFT, ListStatus.SUBMITTED, ListStatus.RETURNED, ListStatus.APPROVED)
    counts = {"lists": 0, "delegates": 0, **dict.fromkeys(statuses, 0)}
    existing = set(
        RegistrationList.objects.filter(event__in=[*class_of.values(), tour]).values_list("event_id", "unit__code")
    )
    for code, roster in rosters.items():
        jobs = []
        if code in CLASS_STATES and code in class_of:
            comment = _return_comment(roster, units_by_code) if CLASS_STATES[code] == ListStatus.RETURNED else ""
            jobs.append((class_of[code], roster.class_rows, CLASS_STATES[code], comment))
        if code in TOUR_STATES:
            jobs.append((tour, roster.tour_rows, TOUR_STATES[code], ""))
        for event, rows, state, comment in jobs:
            if (event.pk, code) in existing:
                continue
            staff = users[STAFF_USERNAME]
            officer = users.get(code.lower(), staff)  # without the unit's account, the Labour office types it
            reg_list = _write_list(
                event=event, roster=roster, rows=rows, state=state, officer=officer, staff=staff, comment=comment
            )
            counts["lists"] += 1
            counts["delegates"] += reg_list.delegates.count()
            counts[reg_list.status] += 1
    return counts
