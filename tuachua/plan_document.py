"""The plan itself (Kế hoạch …/KH-UBND), rendered from the data in the layout of the district's plan.

It reads plans (the text), training (classes, study tours and the review training: an event's size is the sum
of its participating units' quotas) and monitoring (visits: how many, where, the size of their teams), so it
lives at the top of the house (`plans/` never imports `training/` or `monitoring/`).

Every figure comes from the data where the data has one: an activity with training events gets the computed
sentence ("Mở 04 lớp tập huấn cho 708 đại biểu …") instead of its `form_note`; an activity whose text states
counts of visits or people gets the computed visit lines. The activity's own text (participants, form, time) is
printed as long as every count it states ("09 đại biểu", "đoàn 21 người", "08 ngày") is one the data also
gives; a text that states a count the data contradicts is left out (the computed breakdown by level stands in
for the participants). Without data the text is printed as written.

Building the document runs a fixed number of queries whatever the number of activities, events and units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy

from monitoring.models import MonitoringVisit, VisitKind
from monitoring.selectors import plan_visits
from plans.models import Activity, AdministrativeUnit, Plan
from plans.selectors import in_kind_order, plan_for
from training.models import EventKind
from training.selectors import EventSize, plan_event_sizes
from tuachua.documents.blocks import (
    HEADING,
    ITALIC,
    SUBHEADING,
    Closing,
    Document,
    OfficialHeader,
    Paragraph,
    Recipients,
    Section,
    Signature,
    Title,
)
from tuachua.documents.formats import (
    body_name,
    date_line,
    date_span,
    lower_first,
    roman,
    short_date,
    text_lines,
    two_digits,
)
from tuachua.exporters import Exporter, register

ARCHIVE = "Lưu: VT."
# A count stated in running text: "09 đại biểu", "đoàn 21 người", "05 cán bộ", "01 cuộc", "08 ngày".
STATED_COUNT = re.compile(r"(?<![\d/.,])(\d+)\s+(?:người|đại biểu|cán bộ|lớp|đoàn|cuộc|ngày)\b")


@dataclass
class Figures:
    """What the data says about one activity: its training events with their sizes, and its visits."""

    events: list[EventSize] = field(default_factory=list)
    visits: list[MonitoringVisit] = field(default_factory=list)

    def numbers(self) -> set[int]:
        """Every count the data gives for the activity, at any level: what its text may state."""
        numbers = event_numbers(self.events) if self.events else set()
        return numbers | (visit_numbers(self.visits) if self.visits else set())


# --- text -----------------------------------------------------------------------------------------------


def sentence(text: str, end: str = ".") -> str:
    """`text` ending with `end`, unless it already ends with a punctuation mark."""
    text = text.rstrip()
    return text if text[-1:] in ".;:!?" else f"{text}{end}"


def join_and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} và {parts[-1]}"


def stated_counts(text: str) -> set[int]:
    return {int(number) for number in STATED_COUNT.findall(text or "")}


def agrees(text: str, figures: Figures) -> bool:
    """Whether every count `text` states is one the data gives (always, when there is no data)."""
    if not (figures.events or figures.visits):
        return True
    return stated_counts(text) <= figures.numbers()


def by_kind(units: list[AdministrativeUnit]) -> list[list[AdministrativeUnit]]:
    """The units grouped by kind, communes before towns, each group in order."""
    groups: dict[str, list[AdministrativeUnit]] = {}
    for unit in in_kind_order(units):
        groups.setdefault(unit.kind, []).append(unit)
    return list(groups.values())


def units_phrase(units: list[AdministrativeUnit]) -> str:
    """ "các xã: Mường Đun, Lao Xả Phình và thị trấn Tủa Chùa"."""
    parts = []
    for group in by_kind(units):
        names = ", ".join(unit.name for unit in group)
        parts.append(group[0].full_name if len(group) == 1 else f"các {group[0].get_kind_display()}: {names}")
    return join_and(parts) if parts else ""


def units_count_phrase(units: list[AdministrativeUnit]) -> str:
    """The units by name when they are few ("xã Sín Chải"), else counted by kind ("11 xã và 01 thị trấn")."""
    if len(units) <= 3:
        return units_phrase(units)
    return join_and([f"{two_digits(len(group))} {group[0].get_kind_display()}" for group in by_kind(units)])


def bullet(label: str, items: list[str]) -> list[str]:
    """ "- Label: item." for one item; "- Label:" then "+ item;" lines for several."""
    if not items:
        return []
    if len(items) == 1:
        return [f"- {label}: {sentence(items[0])}"]
    return [f"- {label}:"] + [f"+ {sentence(item, ';' if n < len(items) else '.')}" for n, item in enumerate(items, 1)]


# --- training figures -----------------------------------------------------------------------------------

# (verb, what, who) of the sentence that opens "Hình thức thực hiện" for each kind of event
EVENT_WORDS = {
    EventKind.TRAINING_CLASS: ("Mở", "lớp tập huấn", "đại biểu"),
    EventKind.REVIEW_TRAINING: ("Mở", "lớp tập huấn", "đại biểu"),
    EventKind.STUDY_TOUR: ("Tổ chức", "đoàn", "người"),
}


def level_sizes(sizes: list[EventSize]) -> dict[str, int]:
    """Seats by level over the events: the issuing unit's, the units' own level, their villages."""
    levels = {"host": 0, "unit": 0, "village": 0}
    for size in sizes:
        for quota in size.quotas.values():
            if quota.is_host:
                levels["host"] += quota.total
            else:
                levels["unit"] += quota.unit_seats
                levels["village"] += quota.village_seats * quota.villages
    return levels


def event_numbers(sizes: list[EventSize]) -> set[int]:
    numbers = {len(sizes), sum(size.total for size in sizes), *level_sizes(sizes).values()}
    for size in sizes:
        numbers |= {size.total, size.event.days, size.event.unit_seats, size.event.village_seats}
        for quota in size.quotas.values():
            numbers |= {quota.total, quota.unit_seats, quota.village_seats}
    return numbers


def level_lines(sizes: list[EventSize], host: AdministrativeUnit) -> list[str]:
    """The participants by level, computed: "- Cấp huyện: 12 người", "- Cấp xã: 36 người", …"""
    levels = level_sizes(sizes)
    labels = {"host": f"Cấp {host.get_kind_display()}", "unit": "Cấp xã", "village": "Cấp thôn, bản, tổ dân phố"}
    return [f"- {labels[level]}: {two_digits(count)} người." for level, count in levels.items() if count]


def days_phrase(sizes: list[EventSize]) -> str:
    days = sorted({size.event.days for size in sizes})
    if len(days) == 1:
        return f"{two_digits(days[0])} ngày"
    return f"từ {two_digits(days[0])} đến {two_digits(days[-1])} ngày"


def event_line(size: EventSize, last: bool, with_days: bool) -> str:
    """ "+ Lớp thứ nhất: 182 đại biểu, gồm: Đại biểu thuộc các xã: Mường Đun, Lao Xả Phình và thị trấn Tủa Chùa;"."""
    event = size.event
    who = EVENT_WORDS[event.kind][2]
    when = f" ({date_span(event.start_date, event.end_date)})" if event.start_date else ""
    days = f", {two_digits(event.days)} ngày" if with_days else ""
    members = f", gồm: Đại biểu thuộc {units_phrase(size.units)}" if size.units else ""
    return f"+ {event.title}{when}: {two_digits(size.total)} {who}{days}{members}{'.' if last else ';'}"


def event_lines(kind: str, sizes: list[EventSize], activity: Activity) -> list[str]:
    """The computed form of the events of one kind: the opening sentence, then one line per event."""
    verb, what, who = EVENT_WORDS[kind]
    count, total, several = two_digits(len(sizes)), two_digits(sum(size.total for size in sizes)), len(sizes) > 1
    uniform_days = len({size.event.days for size in sizes}) == 1
    if kind == EventKind.STUDY_TOUR:
        venues = {size.event.venue for size in sizes if size.event.venue}
        place = venues.pop() if len(venues) == 1 else activity.location
        where = f" tại {lower_first(place)}" if place else ""
        each = "mỗi đoàn dự kiến" if several else "dự kiến"
        opening = f"{verb} {count} {what} {total} {who} đi học tập, trao đổi kinh nghiệm{where}; {each}"
    else:
        each = "mỗi lớp tập huấn trong" if several else "thời gian tập huấn"
        opening = f"{verb} {count} {what} cho {total} {who}; {each}"
    opening = f"{opening} {days_phrase(sizes)}{', cụ thể như sau:' if several else '.'}"
    lines = [f"- Hình thức thực hiện: {opening}"]
    if several:
        lines += [event_line(size, n == len(sizes), not uniform_days) for n, size in enumerate(sizes, start=1)]
    return lines


def training_lines(sizes: list[EventSize], activity: Activity) -> list[str]:
    kinds = list(dict.fromkeys(size.event.kind for size in sizes))
    return [line for kind in kinds for line in event_lines(kind, [s for s in sizes if s.event.kind == kind], activity)]


# --- monitoring figures ---------------------------------------------------------------------------------


def visit_numbers(visits: list[MonitoringVisit]) -> set[int]:
    numbers = {len(visits)}
    for kind in VisitKind.values:
        same = [visit for visit in visits if visit.kind == kind]
        numbers |= {len(same), len({unit.pk for visit in same for unit in visit.units.all()})}
        numbers |= {visit.team_size for visit in same}
    return numbers - {0}


def team_phrase(visits: list[MonitoringVisit]) -> str:
    sizes = sorted({visit.team_size for visit in visits})
    if len(sizes) > 1:
        return f"đoàn giám sát từ {two_digits(sizes[0])} đến {two_digits(sizes[-1])} người"
    return f"{'mỗi đoàn' if len(visits) > 1 else 'đoàn giám sát'} {two_digits(sizes[0])} người"


def visit_lines(visits: list[MonitoringVisit]) -> list[str]:
    """ "- Giám sát định kỳ: 01 cuộc tại 11 xã và 01 thị trấn; đoàn giám sát 21 người.", then the ad hoc ones."""
    lines = []
    for kind in VisitKind:
        same = [visit for visit in visits if visit.kind == kind]
        if not same:
            continue
        units = list({unit.pk: unit for visit in same for unit in visit.units.all()}.values())
        where = f" tại {units_count_phrase(units)}" if units else ""
        lines.append(f"- Giám sát {str(kind.label).lower()}: {two_digits(len(same))} cuộc{where}; {team_phrase(same)}.")
    return lines


# --- the parts of an activity ---------------------------------------------------------------------------


def participants_lines(activity: Activity, figures: Figures, host: AdministrativeUnit) -> list[str]:
    """a) Đối tượng tham gia: the activity's own text while it agrees with the data; otherwise (or when there is
    no text) the computed breakdown by level. Without data, the target number heads the text when the text
    does not state it."""
    note = text_lines(activity.participants_note)
    if figures.events or figures.visits:
        if note and agrees(activity.participants_note, figures):
            return [f"- {sentence(line)}" for line in note]
        return level_lines(figures.events, host)
    lines = [f"- {sentence(line)}" for line in note]
    target = activity.target_participants
    if target and target not in stated_counts(activity.participants_note):
        about = "khoảng " if activity.target_is_approximate else ""
        lines.insert(0, f"- Số lượng: {about}{two_digits(target)} người.")
    return lines


def time_text(activity: Activity, figures: Figures) -> str:
    """ "Năm 2024 (thời gian cụ thể sẽ thông báo sau bằng Giấy mời)"; the note only while it agrees with the data."""
    note = activity.time_note.strip().rstrip(".;")
    if note and agrees(note, figures):
        return f"{activity.timeframe} ({lower_first(note)})"
    return str(activity.timeframe)


def form_lines(activity: Activity, figures: Figures) -> list[str]:
    """c) Hình thức, thời gian, địa điểm: the computed form (events, visits) or the activity's own text, then
    time, place, the lead office and who coordinates."""
    if figures.events:
        lines = training_lines(figures.events, activity)
    else:
        own = text_lines(activity.form_note) if agrees(activity.form_note, figures) else []
        lines = bullet("Hình thức thực hiện", own)
        texts = f"{activity.participants_note}\n{activity.form_note}"
        if figures.visits and stated_counts(texts):
            lines += visit_lines(figures.visits)
    lines += bullet("Thời gian thực hiện", [time_text(activity, figures)])
    lines += bullet("Địa điểm thực hiện", [activity.location] if activity.location else [])
    lines += bullet("Đơn vị chủ trì", [activity.lead_office.name])
    partners = text_lines(activity.coordination_note) or [o.name for o in activity.coordinating_offices.all()]
    lines += bullet("Đơn vị phối hợp", partners)
    return lines


def activity_blocks(activity: Activity, figures: Figures, host: AdministrativeUnit) -> list[Paragraph]:
    """ "1.1. …", then a) Đối tượng tham gia, b) Nội dung, c) Hình thức, thời gian, địa điểm."""
    blocks = [Paragraph(f"{activity.code}. {activity.title}", SUBHEADING)]
    parts = [
        ("Đối tượng tham gia", participants_lines(activity, figures, host)),
        ("Nội dung", [activity.description.strip()] if activity.description.strip() else []),
        ("Hình thức, thời gian, địa điểm thực hiện", form_lines(activity, figures)),
    ]
    parts = [(label, lines) for label, lines in parts if lines]
    for letter, (label, lines) in zip("abcdefgh", parts, strict=False):
        if len(lines) == 1 and not lines[0].startswith("- "):
            blocks.append(Paragraph(f"{letter}) {label}: {lines[0]}"))
            continue
        blocks.append(Paragraph(f"{letter}) {label}", ITALIC))
        blocks += [Paragraph(line) for line in lines]
    return blocks


# --- the document ---------------------------------------------------------------------------------------


def duty_text(duty) -> str:
    """ "- text", with its due date when the text does not already say it."""
    text = sentence(duty.text.strip(), ";")
    day = duty.due_date
    if day and short_date(day) not in text and f"{day.day}/{day.month}/{day.year}" not in text:
        body, end = (text[:-1], text[-1]) if text[-1:] in ".;" else (text, ";")
        text = f"{body} (hạn hoàn thành: {short_date(day)}){end}"
    return f"- {text}"


def header(plan: Plan, parent: AdministrativeUnit | None) -> OfficialHeader:
    unit = plan.issuing_unit
    return OfficialHeader(
        issuing_body=body_name(unit),
        parent_body=body_name(parent) if parent is not None else "",
        number=f"Số: {plan.reference}",
        place_date=date_line(plan.issue_place or unit.name, plan.issue_date, year=plan.year),
    )


def opening_blocks(plan: Plan) -> list[Paragraph]:
    """The legal bases ("Căn cứ …", italic), the preamble, and I. MỤC ĐÍCH, YÊU CẦU."""
    blocks = []
    for basis in plan.legal_bases.all():
        text = basis.text.strip()
        blocks.append(Paragraph(text if text.startswith("Căn cứ") else f"Căn cứ {text}", ITALIC))
    if plan.preamble.strip():
        blocks.append(Paragraph(plan.preamble.strip()))
    blocks.append(Paragraph(f"{roman(1)}. MỤC ĐÍCH, YÊU CẦU", HEADING))
    blocks += [Paragraph(f"- {line}") for line in text_lines(plan.objectives)]
    return blocks


def content_blocks(plan: Plan, figures: dict[int, Figures]) -> list[Paragraph]:
    """II. NỘI DUNG THỰC HIỆN: each component and its activities."""
    blocks = [Paragraph(f"{roman(2)}. NỘI DUNG THỰC HIỆN", HEADING)]
    activities = list(plan.activities.all())
    for component in plan.components.all():
        blocks.append(Paragraph(f"{component.code}. {component.title}", SUBHEADING))
        for activity in activities:
            if activity.component_id == component.pk:
                blocks += activity_blocks(activity, figures.get(activity.pk, Figures()), plan.issuing_unit)
    return blocks


def closing_blocks(plan: Plan) -> list:
    """III. KINH PHÍ, IV. TỔ CHỨC THỰC HIỆN, the closing line, then "Nơi nhận" beside the signature."""
    blocks = [Paragraph(f"{roman(3)}. KINH PHÍ", HEADING)]
    blocks += [Paragraph(line) for line in text_lines(plan.funding)]
    blocks.append(Paragraph(f"{roman(4)}. TỔ CHỨC THỰC HIỆN", HEADING))
    for index, responsibility in enumerate(plan.responsibilities.all(), start=1):
        blocks.append(Paragraph(f"{index}. {responsibility.heading}", SUBHEADING))
        blocks += [Paragraph(duty_text(duty)) for duty in responsibility.duties.all()]
    blocks += [Paragraph(line) for line in text_lines(plan.closing)]
    recipients = text_lines(plan.recipients)
    if ARCHIVE not in recipients:
        recipients.append(ARCHIVE)
    capacity = [*text_lines(plan.signing_capacity), plan.signer_title.strip()]
    signature = Signature(tuple(line for line in capacity if line), name=plan.signer_name)
    blocks.append(Closing(Recipients(tuple(recipients)), signature))
    return blocks


def plan_figures(plan: Plan) -> dict[int, Figures]:
    """The training events and visits of the plan by activity id (six queries)."""
    events, visits = plan_event_sizes(plan), plan_visits(plan)
    return {pk: Figures(events.get(pk, []), visits.get(pk, [])) for pk in {*events, *visits}}


def plan_document(plan: Plan) -> Document:
    """The plan as an official document. `plan` comes from `plans.selectors.plan_for` (its parts prefetched)."""
    with translation.override(settings.LANGUAGE_CODE):
        parent = AdministrativeUnit.objects.filter(pk=plan.issuing_unit.parent_id).first()
        blocks = [header(plan, parent), Title(("KẾ HOẠCH",), subject=(plan.title,))]
        blocks += opening_blocks(plan)
        blocks += content_blocks(plan, plan_figures(plan))
        blocks += closing_blocks(plan)
    return Document(
        title=f"Kế hoạch {plan.reference} — {plan.title}",
        filename=f"Kế hoạch_{capfirst(plan.issuing_unit.name)}_{plan.year}",
        sections=[Section("Kế hoạch", blocks)],
    )


class PlanExporter(Exporter):
    """The plan (Kế hoạch …/KH-UBND) with its figures computed from the training and monitoring data."""

    identifier = "plan"
    label = gettext_lazy("Kế hoạch (…/KH-UBND)")
    model = Plan

    def get_object(self, user, pk, params):
        return plan_for(user, pk)

    def build(self, obj, params) -> Document:
        return plan_document(obj)


register(PlanExporter)
