"""Writes of plan data (plans.services) and the path upkeep of AdministrativeUnit."""

import unicodedata

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from plans.models import ActivityStatus, AdministrativeUnit, Membership, UnitKind
from plans.services import activity_set_status, user_assign, villages_update
from tests.factories import UnitFactory, UserFactory
from tuachua.models import AuditEntry
from tuachua.permissions import ROLE_GROUPS, Role, role_of


def role_groups(user):
    return set(user.groups.filter(name__in=ROLE_GROUPS.values()).values_list("name", flat=True))


def names_of(unit):
    return list(unit.children.order_by("sort_order", "pk").values_list("name", flat=True))


# --- user_assign -------------------------------------------------------------------------------------


class TestUserAssign:
    def test_replaces_the_role_group_and_keeps_other_groups(self, world):
        user = world.users.officer_a
        other = Group.objects.create(name="newsletter")
        user.groups.add(other)

        user_assign(user=user, role=Role.LEADER, unit=world.a.unit, by=world.users.admin)

        assert role_groups(user) == {ROLE_GROUPS[Role.LEADER]}
        assert user.groups.filter(pk=other.pk).exists()
        assert role_of(user) == Role.LEADER  # the cached role was dropped

    def test_binds_user_to_unit_and_office_in_one_membership(self, world):
        user = world.users.officer_a
        user_assign(
            user=user, role=Role.OFFICE_STAFF, unit=world.a.unit, office=world.a.finance, position=" Chuyên  viên "
        )
        membership = Membership.objects.get(user=user)
        assert membership.unit == world.a.unit
        assert membership.office == world.a.finance
        assert membership.position == "Chuyên viên"
        assert Membership.objects.filter(user=user).count() == 1

    @pytest.mark.parametrize(
        ("role", "is_staff"),
        [
            (Role.DISTRICT_STAFF, True),
            (Role.LEADER, False),
            (Role.OFFICE_STAFF, False),
            (Role.UNIT_OFFICER, False),
        ],
    )
    def test_is_staff_only_for_district_staff(self, world, role, is_staff):
        user = UserFactory(username="new", is_staff=not is_staff)
        user_assign(user=user, role=role, unit=world.a.unit)
        user.refresh_from_db()
        assert user.is_staff is is_staff

    def test_demoted_district_staff_loses_back_office(self, world):
        user = world.users.staff
        assert user.is_staff
        user_assign(user=user, role=Role.UNIT_OFFICER, unit=world.a.communes[0])
        user.refresh_from_db()
        assert not user.is_staff
        assert role_groups(user) == {ROLE_GROUPS[Role.UNIT_OFFICER]}

    def test_superuser_keeps_is_staff(self, world):
        user = world.users.admin
        user_assign(user=user, role=Role.LEADER, unit=world.a.unit)
        user.refresh_from_db()
        assert user.is_staff

    def test_office_of_another_unit_is_refused_and_nothing_changes(self, world):
        user = world.users.leader
        entries = AuditEntry.objects.count()
        with pytest.raises(ValidationError) as error:
            user_assign(user=user, role=Role.OFFICE_STAFF, unit=world.a.unit, office=world.b.finance)
        assert "office" in error.value.message_dict
        user.refresh_from_db()
        assert role_groups(user) == {ROLE_GROUPS[Role.LEADER]}
        assert Membership.objects.get(user=user).office is None
        assert AuditEntry.objects.count() == entries

    def test_writes_an_audit_entry(self, world):
        user = world.users.officer_b
        before = AuditEntry.objects.count()
        user_assign(user=user, role=Role.OFFICE_STAFF, unit=world.a.unit, office=world.a.lead, by=world.users.admin)
        assert AuditEntry.objects.count() == before + 1
        entry = AuditEntry.objects.latest("id")
        assert entry.action == "user_assign"
        assert entry.actor == world.users.admin
        assert entry.object_type == "auth.user"
        assert entry.object_id == str(user.pk)
        assert entry.data == {"role": "office_staff", "unit": "A", "office": "A-LDTBXH"}


# --- activity_set_status -----------------------------------------------------------------------------


class TestActivitySetStatus:
    def test_changes_status_and_writes_one_audit_entry(self, world):
        activity = world.a.activities[0]
        before = AuditEntry.objects.count()
        activity_set_status(activity=activity, status=ActivityStatus.IN_PROGRESS, by=world.users.staff)
        activity.refresh_from_db()
        assert activity.status == ActivityStatus.IN_PROGRESS
        assert AuditEntry.objects.count() == before + 1
        entry = AuditEntry.objects.latest("id")
        assert (entry.action, entry.actor, entry.object_id) == (
            "activity_set_status",
            world.users.staff,
            str(activity.pk),
        )
        assert entry.object_type == "plans.activity"
        assert entry.data == {"old": "planned", "new": "in_progress"}

    def test_no_entry_when_status_is_unchanged(self, world):
        activity = world.a.activities[0]
        before = AuditEntry.objects.count()
        activity_set_status(activity=activity, status=ActivityStatus.PLANNED, by=world.users.staff)
        assert AuditEntry.objects.count() == before
        activity.refresh_from_db()
        assert activity.status == ActivityStatus.PLANNED

    @pytest.mark.parametrize("status", ["finished", "", "DONE"])
    def test_invalid_status_is_refused(self, world, status):
        activity = world.a.activities[0]
        before = AuditEntry.objects.count()
        with pytest.raises(ValidationError):
            activity_set_status(activity=activity, status=status, by=world.users.staff)
        activity.refresh_from_db()
        assert activity.status == ActivityStatus.PLANNED
        assert AuditEntry.objects.count() == before


# --- villages_update ---------------------------------------------------------------------------------


class TestVillagesUpdate:
    def test_rename_is_stored_nfc(self, world):
        commune = world.a.communes[0]
        village = commune.children.get(name="Thôn 1")
        decomposed = unicodedata.normalize("NFD", "Bản Hừ Só")
        assert decomposed != "Bản Hừ Só"
        changed = villages_update(unit=commune, names={village.pk: decomposed}, new_names=[], by=world.users.staff)
        assert changed == 1
        village.refresh_from_db()
        assert village.name == "Bản Hừ Só"
        assert unicodedata.is_normalized("NFC", village.name)
        entry = AuditEntry.objects.latest("id")
        assert entry.action == "village_rename"
        assert entry.data == {"old": "Thôn 1", "new": "Bản Hừ Só"}

    def test_rename_trims_and_collapses_spaces(self, world):
        commune = world.a.communes[0]
        village = commune.children.get(name="Thôn 2")
        villages_update(unit=commune, names={village.pk: "  Bản \t Phi\u00a0 Giàng "}, new_names=[], by=None)
        village.refresh_from_db()
        assert village.name == "Bản Phi Giàng"

    def test_unchanged_or_blank_names_change_nothing(self, world):
        commune = world.a.communes[0]
        one, two = commune.children.order_by("name")
        before = AuditEntry.objects.count()
        decomposed_same = unicodedata.normalize("NFD", one.name) + "  "
        changed = villages_update(unit=commune, names={one.pk: decomposed_same, two.pk: "   "}, new_names=[], by=None)
        assert changed == 0
        assert names_of(commune) == ["Thôn 1", "Thôn 2"]
        assert AuditEntry.objects.count() == before

    def test_adds_villages_with_kind_unique_codes_and_order(self, world):
        commune = world.a.communes[0]
        changed = villages_update(
            unit=commune, names={}, new_names=["  Bản  Mới ", "", "   ", "Bản Cũ"], by=world.users.staff
        )
        assert changed == 2
        added = list(commune.children.filter(name__in=["Bản Mới", "Bản Cũ"]).order_by("sort_order"))
        assert [v.name for v in added] == ["Bản Mới", "Bản Cũ"]
        assert {v.kind for v in added} == {UnitKind.VILLAGE}
        codes = [v.code for v in added]
        assert len(set(codes)) == 2
        assert all(code.startswith(f"{commune.code}-") for code in codes)
        assert not AdministrativeUnit.objects.exclude(pk__in=[v.pk for v in added]).filter(code__in=codes).exists()
        existing_order = max(
            commune.children.exclude(pk__in=[v.pk for v in added]).values_list("sort_order", flat=True)
        )
        assert all(v.sort_order > existing_order for v in added)
        assert all(v.path == f"{commune.path}{v.pk}/" for v in added)
        assert AuditEntry.objects.filter(action="village_add").count() == 2

    @pytest.mark.parametrize("kind", [UnitKind.TOWN, UnitKind.WARD])
    def test_adds_residential_groups_under_a_town(self, world, kind):
        town = UnitFactory(code="A-TT", name="Thị trấn A", kind=kind, parent=world.a.unit)
        villages_update(unit=town, names={}, new_names=["Tổ dân phố 1"], by=None)
        assert town.children.get().kind == UnitKind.RESIDENTIAL_GROUP

    def test_codes_stay_unique_when_numbers_are_taken(self, world):
        commune = world.a.communes[0]
        # A-X1 has A-X1-1 and A-X1-2; with A-X1-04 taken (here by a unit elsewhere) the count-based guess
        # "A-X1-04" must move on to a free number
        UnitFactory(code=f"{commune.code}-04", name="Thôn lạ", kind=UnitKind.VILLAGE, parent=world.a.communes[1])
        villages_update(unit=commune, names={}, new_names=["Bản Một", "Bản Hai"], by=None)
        added = commune.children.filter(name__in=["Bản Một", "Bản Hai"]).order_by("sort_order")
        assert [v.code for v in added] == ["A-X1-05", "A-X1-06"]
        codes = list(AdministrativeUnit.objects.values_list("code", flat=True))
        assert len(codes) == len(set(codes))

    def test_duplicate_of_existing_name_is_refused_and_nothing_saved(self, world):
        commune = world.a.communes[0]
        one = commune.children.get(name="Thôn 1")
        before = (AdministrativeUnit.objects.count(), AuditEntry.objects.count())
        with pytest.raises(ValidationError):
            villages_update(
                unit=commune, names={one.pk: "Bản Mới"}, new_names=["Bản Khác", "Thôn 2"], by=world.users.staff
            )
        # the rename and the first addition that came before the duplicate were rolled back too
        assert names_of(commune) == ["Thôn 1", "Thôn 2"]
        assert (AdministrativeUnit.objects.count(), AuditEntry.objects.count()) == before

    def test_duplicate_among_new_names_is_refused(self, world):
        commune = world.a.communes[0]
        with pytest.raises(ValidationError):
            villages_update(unit=commune, names={}, new_names=["Bản Mới", " Bản  Mới"], by=None)
        assert names_of(commune) == ["Thôn 1", "Thôn 2"]

    def test_duplicate_in_another_case_is_refused(self, world):
        commune = world.a.communes[0]
        with pytest.raises(ValidationError):
            villages_update(unit=commune, names={}, new_names=["THÔN 2"], by=None)
        assert names_of(commune) == ["Thôn 1", "Thôn 2"]

    def test_rename_to_a_sibling_name_is_refused(self, world):
        commune = world.a.communes[0]
        one = commune.children.get(name="Thôn 1")
        with pytest.raises(ValidationError):
            villages_update(unit=commune, names={one.pk: "Thôn 2"}, new_names=[], by=None)
        assert names_of(commune) == ["Thôn 1", "Thôn 2"]

    def test_same_name_in_another_commune_is_fine(self, world):
        commune = world.a.communes[0]
        villages_update(unit=commune, names={}, new_names=["Thôn 1 mới"], by=None)
        villages_update(unit=world.a.communes[1], names={}, new_names=["Thôn 1 mới"], by=None)
        assert AdministrativeUnit.objects.filter(name="Thôn 1 mới").count() == 2

    def test_does_not_put_a_village_directly_under_a_district(self, world):
        district = world.a.unit
        try:
            villages_update(unit=district, names={}, new_names=["Bản lạc chỗ"], by=None)
        except ValidationError:
            return  # refusing is a correct answer
        added = district.children.get(name="Bản lạc chỗ")
        assert added.kind not in (UnitKind.VILLAGE, UnitKind.RESIDENTIAL_GROUP)


# --- AdministrativeUnit paths ------------------------------------------------------------------------


class TestUnitPaths:
    def test_path_is_the_chain_of_primary_keys(self, world):
        commune = world.a.communes[0]
        village = commune.children.first()
        assert village.path == f"/{world.province.pk}/{world.a.unit.pk}/{commune.pk}/{village.pk}/"
        assert village.ancestor_ids() == [world.province.pk, world.a.unit.pk, commune.pk]

    def test_subtree_by_path_prefix(self, world):
        district = world.a.unit
        subtree = set(AdministrativeUnit.objects.filter(path__startswith=district.path).values_list("code", flat=True))
        assert subtree == {"A", "A-X1", "A-X1-1", "A-X1-2", "A-X2", "A-X2-1", "A-X2-2"}

    def test_prefix_does_not_match_a_sibling_whose_id_starts_alike(self, world):
        commune = world.a.communes[0]
        # add units until one's id starts with the commune's id: "/3/" must not match "/31/"
        lookalike = UnitFactory(parent=world.a.unit)
        while not str(lookalike.pk).startswith(str(commune.pk)):
            lookalike = UnitFactory(parent=world.a.unit)
        UnitFactory(parent=lookalike, kind=UnitKind.VILLAGE)
        subtree = AdministrativeUnit.objects.filter(path__startswith=commune.path)
        assert set(subtree.values_list("pk", flat=True)) == {commune.pk, *commune.children.values_list("pk", flat=True)}

    def test_moving_a_commune_moves_its_villages(self, world):
        commune = world.a.communes[0]
        commune.parent = world.b.unit
        commune.full_clean()
        commune.save()
        commune.refresh_from_db()
        assert commune.path == f"{world.b.unit.path}{commune.pk}/"
        for village in commune.children.all():
            assert village.path == f"{commune.path}{village.pk}/"
        in_b = set(AdministrativeUnit.objects.filter(path__startswith=world.b.unit.path).values_list("code", flat=True))
        in_a = set(AdministrativeUnit.objects.filter(path__startswith=world.a.unit.path).values_list("code", flat=True))
        assert {"A-X1", "A-X1-1", "A-X1-2"} <= in_b
        assert in_a == {"A", "A-X2", "A-X2-1", "A-X2-2"}

    def test_moving_a_district_moves_two_levels(self, world):
        new_province = UnitFactory(code="P2", name="Lai Châu", kind=UnitKind.PROVINCE)
        district = world.a.unit
        district.parent = new_province
        district.save()
        village = AdministrativeUnit.objects.get(code="A-X2-2")
        assert village.path.startswith(f"/{new_province.pk}/{district.pk}/")
        assert village.ancestor_ids()[:2] == [new_province.pk, district.pk]

    def test_renaming_keeps_the_path(self, world):
        commune = world.a.communes[0]
        path = commune.path
        commune.name = "Xã đổi tên"
        commune.save()
        commune.refresh_from_db()
        assert commune.path == path

    def test_clean_refuses_a_descendant_as_parent(self, world):
        commune = world.a.communes[0]
        commune.parent = commune.children.first()
        with pytest.raises(ValidationError) as error:
            commune.full_clean()
        assert "parent" in error.value.message_dict

    def test_clean_refuses_a_deeper_descendant_as_parent(self, world):
        district = world.a.unit
        district.parent = AdministrativeUnit.objects.get(code="A-X1-1")
        with pytest.raises(ValidationError):
            district.clean()

    def test_clean_refuses_itself_as_parent(self, world):
        commune = world.a.communes[0]
        commune.parent = commune
        with pytest.raises(ValidationError):
            commune.clean()

    def test_clean_accepts_a_unit_elsewhere(self, world):
        commune = world.a.communes[0]
        commune.parent = world.b.unit
        commune.clean()  # no error
