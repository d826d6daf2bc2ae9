"""factory_boy factories for the models the tests build."""

import factory
from django.contrib.auth import get_user_model

from plans.models import (
    Activity,
    AdministrativeUnit,
    Component,
    Duty,
    LegalBasis,
    Office,
    Plan,
    Programme,
    Responsibility,
    UnitKind,
)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit

    code = factory.Sequence(lambda n: f"UNIT-{n:03d}")
    name = factory.Sequence(lambda n: f"Đơn vị {n}")
    kind = UnitKind.COMMUNE


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office

    code = factory.Sequence(lambda n: f"OFFICE-{n:03d}")
    name = factory.Sequence(lambda n: f"Phòng số {n}")
    short_name = factory.Sequence(lambda n: f"P{n}")


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ["code"]

    code = "GNBV"
    name = "Chương trình mục tiêu quốc gia giảm nghèo bền vững"
    start_year = 2021
    end_year = 2025


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    programme = factory.SubFactory(ProgrammeFactory)
    year = 2024
    title = factory.Sequence(lambda n: f"Kế hoạch thử {n}")
    issue_place = "Tủa Chùa"


class LegalBasisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalBasis

    order = factory.Sequence(lambda n: n + 1)
    text = "Quyết định số 90/QĐ-TTg ngày 18/01/2022;"


class ComponentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Component

    code = "1"
    title = "Tiểu dự án 1"


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    component = factory.SubFactory(ComponentFactory, plan=factory.SelfAttribute("..plan"))
    code = factory.Sequence(lambda n: f"1.{n + 1}")
    title = factory.Sequence(lambda n: f"Hoạt động {n}")
    year = 2024


class ResponsibilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Responsibility

    order = factory.Sequence(lambda n: n + 1)
    heading = "UBND các xã, thị trấn"
    addressee_kind = "subordinate_units"


class DutyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Duty

    order = factory.Sequence(lambda n: n + 1)
    text = "Lập danh sách đăng ký đại biểu"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw-test-2024")
