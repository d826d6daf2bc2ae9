"""Quota rules (training/quotas.py): seats per unit and per village, the host's seats, overrides."""

from plans.models import UnitKind
from tests.factories import UnitFactory
from tests.training.conftest import QUOTA_EXPLAIN
from training import services
from training.quotas import Quota, quota_for
from training.selectors import quotas_for, unit_quotas


def test_quota_of_a_commune_is_its_seats_plus_seats_per_village(training_world):
    tw = training_world
    quota = quota_for(tw.class1, tw.a1)
    assert (quota.unit_seats, quota.village_seats, quota.villages) == (3, 2, 2)
    assert quota.total == 7
    assert quota.explain() == QUOTA_EXPLAIN
    assert set(quota.village_ids) == {v.pk for v in tw.villages_a1}
    assert not quota.is_overridden
    assert not quota.is_host


def test_inactive_villages_do_not_count(training_world):
    tw = training_world
    UnitFactory(code="A-X1-3", name="Thôn 3", kind=UnitKind.VILLAGE, parent=tw.a1, is_active=False)
    assert quota_for(tw.class1, tw.a1).explain() == QUOTA_EXPLAIN


def test_quota_without_village_seats_reads_as_commune_seats_only(training_world):
    quota = quota_for(training_world.tour, training_world.a2)
    assert quota.total == 3
    assert quota.explain() == "3 cấp xã"


def test_host_unit_gets_the_district_seats(training_world):
    tw = training_world
    quota = quota_for(tw.tour, tw.district)
    assert quota.is_host
    assert quota.total == 2
    assert quota.explain() == "2 đại biểu cấp huyện"
    assert quota.village_ids == ()


def test_override_replaces_the_rule_and_keeps_its_reason(training_world):
    tw = training_world
    services.quota_override_set(
        event=tw.class1, unit=tw.a1, unit_seats=5, village_seats=1, reason="  Xã   đông dân ", by=tw.users.staff
    )
    quota = quota_for(tw.class1, tw.a1)
    assert quota.is_overridden
    assert quota.override_reason == "Xã đông dân"
    assert quota.explain() == "5 cấp xã + 1 × 2 thôn = 7"
    # Only that unit and that event change.
    assert quota_for(tw.class2, tw.a2).explain() == QUOTA_EXPLAIN
    assert quota_for(tw.tour, tw.a1).explain() == "3 cấp xã"


# Regression: quota_for ignored an override of the host unit (training/quotas.py:57, fixed in c14b071).
def test_override_applies_to_the_host_unit_too(training_world):
    tw = training_world
    services.quota_override_set(
        event=tw.tour, unit=tw.district, unit_seats=12, village_seats=0, reason="Thêm cán bộ huyện", by=tw.users.staff
    )
    quota = quota_for(tw.tour, tw.district)
    assert quota.is_host
    assert quota.total == 12
    assert quota.override_reason == "Thêm cán bộ huyện"
    assert quota.explain() == "12 đại biểu cấp huyện"
    assert quotas_for(tw.tour, [tw.district])[tw.district.pk] == quota


def test_limit_for_a_level():
    quota = Quota(unit_seats=9, village_seats=5, villages=10, village_ids=tuple(range(1, 11)))
    assert quota.limit_for(None) == 9
    assert quota.limit_for(3) == 5
    assert quota.total == 59
    assert quota.explain() == "9 cấp xã + 5 × 10 thôn = 59"


def test_quotas_for_many_units_match_quota_for_each(training_world, django_assert_num_queries):
    tw = training_world
    services.quota_override_set(
        event=tw.tour, unit=tw.a2, unit_seats=4, village_seats=0, reason="Xã điểm", by=tw.users.staff
    )
    units = [tw.district, tw.a1, tw.a2]
    with django_assert_num_queries(2):
        quotas = quotas_for(tw.tour, units)
    for unit in units:
        assert quotas[unit.pk] == quota_for(tw.tour, unit)
    assert quotas[tw.a2.pk].total == 4


def test_unit_quotas_across_events(training_world):
    tw = training_world
    quotas = unit_quotas(tw.a1, [tw.class1, tw.tour])
    assert quotas[tw.class1.pk].explain() == QUOTA_EXPLAIN
    assert quotas[tw.tour.pk].explain() == "3 cấp xã"
