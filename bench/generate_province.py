"""Generate a province-size data set to measure tuachua on: `python bench/generate_province.py`.

Creates, next to whatever is loaded (codes start with "BENCH-"), one province with a district that serves
200 communes of 10 villages each (2,000 villages), a Project 7 plan for each of 5 years (2021–2025) with its
activities, 10 training classes of 20 communes, a study tour and a review training per year, a full approved
and placed list for every unit and event (about 100,000 delegates in all), three reporting periods a year with
a catalogue of 14 forms and about 20,000 submissions, 40 monitoring visits and 400 recommendations a year,
and the accounts `bench-staff`, `bench-leader` and `bench-officer` (password `bench2024`).

`--delete` removes an earlier set first. It takes a few minutes on PostgreSQL; the data are plain rows
written in bulk (no audit entries, no files).
"""

import argparse
import datetime
import random
import time

import _setup  # noqa: F401
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from monitoring.models import (
    MonitoringVisit,
    PeriodKind,
    Recommendation,
    RecommendationStatus,
    ReportForm,
    ReportingPeriod,
    RequiredOf,
    Submission,
    SubmissionStatus,
    UnitFormRequirement,
    VisitKind,
    VisitStatus,
)
from plans.models import Activity, AdministrativeUnit, Component, Office, Plan, Programme, UnitKind
from plans.services import ensure_role_groups, user_assign
from training.models import Delegate, EventKind, FormKind, ListStatus, RegistrationList, TrainingEvent
from tuachua.permissions import Role
from tuachua.text import compare_key

PREFIX = "BENCH"
COMMUNES, VILLAGES, YEARS = 200, 10, range(2021, 2026)
FAMILY = ["Giàng", "Vàng", "Sùng", "Mùa", "Thào", "Lầu", "Vừ", "Lò", "Lường", "Quàng", "Cà", "Tòng", "Đỗ", "Nguyễn"]
MIDDLE = ["A", "Thị", "Văn", "Seo", "Đức", "Minh"]
GIVEN = ["Sếnh", "Páo", "Chứ", "Dế", "Tủa", "Lử", "Súa", "Pó", "Mỷ", "Mai", "Dua", "Chá", "Hùng", "Thượng", "Ánh"]


def units(rng: random.Random):
    province = AdministrativeUnit.objects.create(code=f"{PREFIX}-TINH", name="Tỉnh Thử Nghiệm", kind=UnitKind.PROVINCE)
    district = AdministrativeUnit.objects.create(
        code=f"{PREFIX}-HUYEN", name="Huyện Thử Nghiệm", kind=UnitKind.DISTRICT, parent=province
    )
    communes = AdministrativeUnit.objects.bulk_create(
        AdministrativeUnit(
            code=f"{PREFIX}-X{n:03d}",
            name=f"Xã Thử {n:03d}",
            kind=UnitKind.COMMUNE,
            parent=district,
            sort_order=n,
            path="",
        )
        for n in range(1, COMMUNES + 1)
    )
    for commune in communes:
        commune.path = f"{district.path}{commune.pk}/"
    AdministrativeUnit.objects.bulk_update(communes, ["path"], batch_size=1000)
    villages = AdministrativeUnit.objects.bulk_create(
        AdministrativeUnit(
            code=f"{commune.code}-T{v:02d}",
            name=f"Thôn {v:02d}",
            kind=UnitKind.VILLAGE,
            parent=commune,
            sort_order=v,
            path="",
        )
        for commune in communes
        for v in range(1, VILLAGES + 1)
    )
    by_parent = {commune.pk: commune for commune in communes}
    for village in villages:
        village.path = f"{by_parent[village.parent_id].path}{village.pk}/"
    AdministrativeUnit.objects.bulk_update(villages, ["path"], batch_size=2000)
    return province, district, communes, villages


def accounts(district, commune, office):
    ensure_role_groups()
    users = get_user_model().objects
    made = {}
    for name, role, unit, desk in (
        ("bench-staff", Role.DISTRICT_STAFF, district, office),
        ("bench-leader", Role.LEADER, district, None),
        ("bench-officer", Role.UNIT_OFFICER, commune, None),
    ):
        user = users.create_user(name, password="bench2024", first_name=name)
        user_assign(user=user, role=role, unit=unit, office=desk)
        made[name] = user
    return made


def catalogue():
    forms = []
    for number in range(3, 17):
        code = f"{PREFIX}-BIEU-{number:02d}"
        required = RequiredOf.ALL_UNITS if number == 3 else RequiredOf.IMPLEMENTING_UNITS
        forms.append(
            ReportForm.objects.create(code=code, name=f"Biểu số {number:02d} (thử)", required_of=required, order=number)
        )
    return forms


def plan_year(year, district, communes, villages_by, office, programme, forms, staff, rng):
    plan = Plan.objects.create(
        programme=programme,
        issuing_unit=district,
        year=year,
        title=f"Dự án 7 năm {year} (thử)",
        issue_place="Thử Nghiệm",
        signer_name="Vừ A Hùng",
    )
    component = Component.objects.create(plan=plan, code="1", title="Tiểu dự án 1")
    other = Component.objects.create(plan=plan, code="2", title="Tiểu dự án 2")
    made = {}
    for order, (code, title, comp) in enumerate(
        [
            ("1.1", "Nâng cao năng lực", component),
            ("1.2", "Học tập kinh nghiệm", component),
            ("2.1", "Giám sát, đánh giá", other),
            ("2.2a", "Tập huấn rà soát", other),
        ],
        start=1,
    ):
        made[code] = Activity.objects.create(
            plan=plan, component=comp, code=code, title=title, year=year, order=order, lead_office=office
        )
    deadline = timezone.make_aware(datetime.datetime(year, 3, 18, 17))
    events = []
    for number in range(1, 11):
        event = TrainingEvent.objects.create(
            activity=made["1.1"],
            kind=EventKind.TRAINING_CLASS,
            form=FormKind.ANNEX_1,
            number=number,
            title=f"Lớp {number}",
            days=2,
            unit_seats=12,
            village_seats=6,
            registration_deadline=deadline,
            start_date=datetime.date(year, 4, 1) + datetime.timedelta(days=3 * number),
            end_date=datetime.date(year, 4, 2) + datetime.timedelta(days=3 * number),
        )
        event.units.add(*communes[(number - 1) * 20 : number * 20])
        events.append(event)
    tour = TrainingEvent.objects.create(
        activity=made["1.2"],
        kind=EventKind.STUDY_TOUR,
        form=FormKind.ANNEX_2,
        title="Đoàn học tập",
        days=8,
        unit_seats=3,
        registration_deadline=deadline,
        start_date=datetime.date(year, 5, 10),
        end_date=datetime.date(year, 5, 17),
    )
    review = TrainingEvent.objects.create(
        activity=made["2.2a"],
        kind=EventKind.REVIEW_TRAINING,
        title="Tập huấn rà soát",
        days=1,
        unit_seats=5,
        village_seats=2,
        registration_deadline=deadline,
        start_date=datetime.date(year, 9, 10),
        end_date=datetime.date(year, 9, 10),
    )
    for event in (tour, review):
        event.units.add(*communes)
    events += [tour, review]
    delegates = registrations(events, villages_by, staff, deadline, rng)
    submissions = reports(plan, communes, forms, year, rng)
    visits, recs = monitoring(plan, made["2.1"], communes, office, staff, year, rng)
    return delegates, submissions, visits, recs


def registrations(events, villages_by, staff, deadline, rng) -> int:
    lists = RegistrationList.objects.bulk_create(
        RegistrationList(
            event=event,
            unit=unit,
            status=ListStatus.APPROVED,
            submitted_at=deadline,
            submitted_by=staff,
            reviewed_at=deadline,
            reviewed_by=staff,
            version=1,
        )
        for event in events
        for unit in event.units.all()
    )
    by_event = {event.pk: event for event in events}
    rows = []
    for reg_list in lists:
        event = by_event[reg_list.event_id]
        levels = [None] * event.unit_seats + [
            v for v in villages_by[reg_list.unit_id] for _ in range(event.village_seats)
        ]
        for order, village in enumerate(levels, start=1):
            name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)} {order}"
            rows.append(
                Delegate(
                    reg_list=reg_list,
                    order=order,
                    full_name=name,
                    name_key=compare_key(name),
                    position="Cán bộ xã" if village is None else "Trưởng thôn",
                    village=village,
                    paid_by_state=village is None,
                    assigned_event=event,
                )
            )
    Delegate.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def reports(plan, communes, forms, year, rng) -> int:
    periods = [
        ReportingPeriod.objects.create(
            plan=plan,
            name=f"6 tháng đầu năm {year}",
            kind=PeriodKind.SIX_MONTH,
            start=datetime.date(year, 1, 1),
            end=datetime.date(year, 6, 30),
            due_date=datetime.date(year, 6, 15),
        ),
        ReportingPeriod.objects.create(
            plan=plan,
            name=f"Sau đợt giám sát quý III năm {year}",
            kind=PeriodKind.AFTER_ROUND,
            start=datetime.date(year, 7, 1),
            end=datetime.date(year, 9, 30),
            due_date=datetime.date(year, 10, 21),
        ),
        ReportingPeriod.objects.create(
            plan=plan,
            name=f"Năm {year}",
            kind=PeriodKind.ANNUAL,
            start=datetime.date(year, 1, 1),
            end=datetime.date(year, 12, 31),
            due_date=datetime.date(year, 11, 25),
        ),
    ]
    owed = {commune.pk: [forms[0], *[f for f in forms[1:] if (commune.pk + f.pk) % 3 != 0]] for commune in communes}
    rows = []
    for period in periods:
        due = timezone.make_aware(datetime.datetime.combine(period.due_date, datetime.time(9)))
        for commune in communes:
            for form in owed[commune.pk]:
                if rng.random() < 0.72:
                    at = due + datetime.timedelta(days=rng.randint(-20, 10))
                    status = rng.choice(
                        [SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED, SubmissionStatus.RETURNED]
                    )
                    rows.append(
                        Submission(
                            period=period,
                            unit=commune,
                            form=form,
                            status=status,
                            first_submitted_at=at,
                            submitted_at=at,
                        )
                    )
    Submission.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def monitoring(plan, activity, communes, office, staff, year, rng):
    visits, recs = 0, []
    closed_at = timezone.make_aware(datetime.datetime(year, 12, 1, 9))
    for number in range(40):
        start = datetime.date(year, 1, 15) + datetime.timedelta(days=8 * number)
        visit = MonitoringVisit.objects.create(
            activity=activity,
            kind=VisitKind.PERIODIC if number % 4 else VisitKind.AD_HOC,
            title=f"Giám sát đợt {number + 1}",
            planned_start=start,
            planned_end=start + datetime.timedelta(days=2),
            status=VisitStatus.DONE if start < datetime.date(year, 10, 1) else VisitStatus.PLANNED,
            actual_start=start if start < datetime.date(year, 10, 1) else None,
            actual_end=start + datetime.timedelta(days=2) if start < datetime.date(year, 10, 1) else None,
            created_by=staff,
        )
        visited = communes[number * 5 : number * 5 + 5]
        visit.units.add(*visited)
        visits += 1
        for index in range(10):
            unit = visited[index % len(visited)]
            recs.append(
                Recommendation(
                    visit=visit,
                    unit=unit if index % 5 else None,
                    office=None if index % 5 else office,
                    text=f"Kiến nghị {index + 1} của đợt {number + 1}",
                    due_date=start + datetime.timedelta(days=30 + index),
                    status=(status := rng.choice(list(RecommendationStatus.values))),
                    closed_at=closed_at if status == RecommendationStatus.CLOSED else None,
                    created_by=staff,
                )
            )
    Recommendation.objects.bulk_create(recs, batch_size=2000)
    return visits, len(recs)


def delete():
    with transaction.atomic():
        plans = Plan.objects.filter(issuing_unit__code__startswith=PREFIX)
        Delegate.objects.filter(reg_list__event__activity__plan__in=plans).delete()
        RegistrationList.objects.filter(event__activity__plan__in=plans).delete()
        TrainingEvent.objects.filter(activity__plan__in=plans).delete()
        Recommendation.objects.filter(visit__activity__plan__in=plans).delete()
        MonitoringVisit.objects.filter(activity__plan__in=plans).delete()
        Submission.objects.filter(period__plan__in=plans).delete()
        ReportingPeriod.objects.filter(plan__in=plans).delete()
        UnitFormRequirement.objects.filter(form__code__startswith=PREFIX).delete()
        ReportForm.objects.filter(code__startswith=PREFIX).delete()
        Activity.objects.filter(plan__in=plans).delete()
        Component.objects.filter(plan__in=plans).delete()
        plans.delete()
        get_user_model().objects.filter(username__startswith="bench-").delete()
        Office.objects.filter(code__startswith=PREFIX).delete()
        for kind in (UnitKind.VILLAGE, UnitKind.COMMUNE, UnitKind.DISTRICT, UnitKind.PROVINCE):
            AdministrativeUnit.objects.filter(code__startswith=PREFIX, kind=kind).delete()
        Programme.objects.filter(code=f"{PREFIX}-CT").delete()


def generate(seed: int) -> None:
    rng = random.Random(seed)
    started = time.perf_counter()
    with transaction.atomic():
        _province, district, communes, villages = units(rng)
        villages_by: dict[int, list] = {}
        for village in villages:
            villages_by.setdefault(village.parent_id, []).append(village)
        office = Office.objects.create(
            unit=district,
            code=f"{PREFIX}-LDTBXH",
            name="Phòng Lao động - Thương binh và Xã hội",
            short_name="Phòng LĐTBXH",
        )
        users = accounts(district, communes[0], office)
        forms = catalogue()
        UnitFormRequirement.objects.bulk_create(
            UnitFormRequirement(unit=commune, form=form)
            for commune in communes
            for form in forms[1:]
            if (commune.pk + form.pk) % 3 != 0
        )
        programme = Programme.objects.create(
            code=f"{PREFIX}-CT", name="Chương trình thử", start_year=2021, end_year=2025
        )
        totals = [0, 0, 0, 0]
        for year in YEARS:
            figures = plan_year(
                year, district, communes, villages_by, office, programme, forms, users["bench-staff"], rng
            )
            totals = [a + b for a, b in zip(totals, figures, strict=True)]
            print(
                f"  {year}: {figures[0]:,} delegates, {figures[1]:,} submissions, {figures[2]} visits, "
                f"{figures[3]} recommendations"
            )
    print(
        f"{len(communes)} communes, {len(villages):,} villages, {len(YEARS)} plan years, {totals[0]:,} delegates, "
        f"{totals[1]:,} submissions, {totals[2]} visits, {totals[3]:,} recommendations "
        f"in {time.perf_counter() - started:.0f} s"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delete", action="store_true", help="remove an earlier generated set first")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    if args.delete or AdministrativeUnit.objects.filter(code=f"{PREFIX}-TINH").exists():
        delete()
        print("earlier set removed")
    generate(args.seed)


if __name__ == "__main__":
    main()
