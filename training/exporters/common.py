"""What the training documents share: loading an event with a unit for a user, the forms' fixed texts."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from plans import selectors as plan_selectors
from training import selectors
from training.models import EventKind, FormKind, TrainingEvent
from tuachua.documents.formats import programme_title
from tuachua.permissions import Role, role_of

ANNEX_LABEL = {FormKind.ANNEX_1: "Phụ lục I", FormKind.ANNEX_2: "Phụ lục II"}
ANNEX_NOTES = (
    "Cột 3: Chức vụ ghi rõ là cán bộ, công chức, Bí thư, Trưởng thôn,...",
    'Cột 4,5 tích dấu "X" đúng với chế độ được thụ hưởng',
)
MARK = "X"


def event_for(user, pk) -> TrainingEvent:
    return selectors.event_for(user, pk)


def event_for_staff(user, pk) -> TrainingEvent:
    """An event for the Labour office's documents: 404 when the user cannot see it, 403 for a unit officer."""
    event = selectors.event_for(user, pk)
    if role_of(user) == Role.UNIT_OFFICER:
        raise PermissionDenied
    return event


def unit_of_request(user, event: TrainingEvent, params):
    """The unit a document is for: a unit officer's own unit (asking for another is a 404); for everyone
    else the `unit` parameter, which must name a unit of the event that they can see."""
    requested = str(params.get("unit", "") or "")
    if role_of(user) == Role.UNIT_OFFICER:
        unit = plan_selectors.home_unit_of(user)
        if unit is None or (requested and requested != str(unit.pk)):
            raise Http404
        return selectors.unit_for_event(user, event, unit.pk)
    if not requested.isdigit():
        raise Http404
    return selectors.unit_for_event(user, event, int(requested))


def annex_title_lines(event: TrainingEvent, unit) -> tuple[str, ...]:
    """The bold title of Phụ lục I/II, as the plan's appendices word it, ending with the unit's name."""
    year = event.activity.plan.year
    if event.form == FormKind.ANNEX_2 or event.kind == EventKind.STUDY_TOUR:
        first = f"DANH SÁCH ĐĂNG KÝ THAM GIA HỌC TẬP, TRAO ĐỔI KINH NGHIỆM NĂM {year}"
    else:
        first = f"DANH SÁCH ĐẠI BIỂU ĐĂNG KÝ THAM GIA TẬP HUẤN NÂNG CAO NĂNG LỰC NĂM {year}"
    programme = programme_title(event.activity.plan.programme).upper()
    return first, f"THUỘC {programme}", f"TRÊN ĐỊA BÀN {unit.full_name.upper()}"


def event_label(event: TrainingEvent) -> str:
    return ANNEX_LABEL.get(event.form, "Phụ lục I")
