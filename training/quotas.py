"""Quota rules: how many delegates a unit may send to an event, and how the rule reads on screen."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from plans.models import AdministrativeUnit
from training.models import QuotaOverride, TrainingEvent


@dataclass(frozen=True)
class Quota:
    """Chỉ tiêu: seats at the unit's own level plus seats per village, for one unit and one event."""

    unit_seats: int
    village_seats: int
    villages: int
    override_reason: str = ""
    is_host: bool = False
    village_ids: tuple[int, ...] = field(default=(), compare=False)

    @property
    def total(self) -> int:
        return self.unit_seats + self.village_seats * self.villages

    @property
    def is_overridden(self) -> bool:
        return bool(self.override_reason)

    def explain(self) -> str:
        """The rule in words: "9 cấp xã + 5 × 10 thôn = 59"."""
        if self.is_host:
            return _("%(n)s đại biểu cấp huyện") % {"n": self.unit_seats}
        if not self.village_seats:
            return _("%(n)s cấp xã") % {"n": self.unit_seats}
        return _("%(unit)s cấp xã + %(per)s × %(villages)s thôn = %(total)s") % {
            "unit": self.unit_seats,
            "per": self.village_seats,
            "villages": self.villages,
            "total": self.total,
        }

    def limit_for(self, village_id: int | None) -> int:
        """Seats at one level: the unit's own level (None) or one village."""
        return self.unit_seats if village_id is None else self.village_seats


def quota_for(
    event: TrainingEvent,
    unit: AdministrativeUnit,
    *,
    village_ids: tuple[int, ...] | None = None,
    override: QuotaOverride | None | bool = False,
) -> Quota:
    """The quota of `unit` for `event`. Callers that already loaded villages and overrides pass them in
    (board pages do, to stay at a fixed number of queries); otherwise they are read here."""
    if override is False:
        override = QuotaOverride.objects.filter(event=event, unit=unit).first()
    if unit.pk == event.activity.plan.issuing_unit_id:
        seats = override.unit_seats if override else event.host_seats
        reason = override.reason if override else ""
        return Quota(unit_seats=seats, village_seats=0, villages=0, is_host=True, override_reason=reason)
    if village_ids is None:
        village_ids = tuple(unit.children.filter(is_active=True).values_list("pk", flat=True))
    if override:
        return Quota(
            unit_seats=override.unit_seats,
            village_seats=override.village_seats,
            villages=len(village_ids),
            override_reason=override.reason,
            village_ids=village_ids,
        )
    return Quota(
        unit_seats=event.unit_seats,
        village_seats=event.village_seats,
        villages=len(village_ids),
        village_ids=village_ids,
    )
