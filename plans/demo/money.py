"""Demo money: the rate tables of BRIEF §6 (as data, with their source and validity) and the funds of the Tủa
Chùa 2024 plan. Loaded by `plans.demo.loader.load_demo`; idempotent like the rest of the demo (rows are found
by their natural key and created only when missing; what staff edited since is never changed).
"""

import datetime

from plans.demo import tua_chua_2024 as data
from plans.models import Allocation, AllocationKind, Plan, Rate, RateCode

CIRCULAR_40 = "Thông tư 40/2017/TT-BTC ngày 28/4/2017 của Bộ Tài chính"
CIRCULAR_12 = "Thông tư 12/2025/TT-BTC của Bộ Tài chính (sửa đổi Thông tư 40/2017/TT-BTC)"
CIRCULAR_40_FROM = datetime.date(2017, 7, 1)
NEW_ALLOWANCE_FROM = datetime.date(2025, 5, 4)
PER_PERSON_DAY = "đồng/người/ngày"

# Rates that apply everywhere (national law): (code, name, amount, unit, valid from, valid to, source).
RATES = [
    (
        RateCode.MEAL_SUPPORT_CITY,
        "Hỗ trợ tiền ăn đại biểu không hưởng lương — cuộc họp tại các quận của thành phố trực thuộc Trung ương",
        200_000,
        PER_PERSON_DAY,
        CIRCULAR_40_FROM,
        None,
        f"{CIRCULAR_40}, Điều 12.4",
    ),
    (
        RateCode.MEAL_SUPPORT_DISTRICT,
        "Hỗ trợ tiền ăn đại biểu không hưởng lương — cuộc họp do cấp tỉnh, cấp huyện tổ chức",
        150_000,
        PER_PERSON_DAY,
        CIRCULAR_40_FROM,
        None,
        f"{CIRCULAR_40}, Điều 12.4",
    ),
    (
        RateCode.MEAL_SUPPORT_COMMUNE,
        "Hỗ trợ tiền ăn đại biểu không hưởng lương — cuộc họp do cấp xã tổ chức",
        100_000,
        PER_PERSON_DAY,
        CIRCULAR_40_FROM,
        None,
        f"{CIRCULAR_40}, Điều 12.4",
    ),
    (
        RateCode.MEAL_CENTRAL_PERCENT,
        "Mức chi tối đa khi tổ chức ăn tập trung (so với mức khoán hỗ trợ tiền ăn)",
        130,
        "% mức khoán",
        CIRCULAR_40_FROM,
        None,
        f"{CIRCULAR_40}, Điều 12.5",
    ),
    (
        RateCode.DAILY_ALLOWANCE,
        "Phụ cấp lưu trú khi đi công tác",
        200_000,
        PER_PERSON_DAY,
        CIRCULAR_40_FROM,
        NEW_ALLOWANCE_FROM - datetime.timedelta(days=1),
        f"{CIRCULAR_40}, Điều 5",
    ),
    (
        RateCode.DAILY_ALLOWANCE,
        "Phụ cấp lưu trú khi đi công tác",
        300_000,
        PER_PERSON_DAY,
        NEW_ALLOWANCE_FROM,
        None,
        CIRCULAR_12,
    ),
]

DECISION_3208 = "Quyết định số 3208/QĐ-UBND ngày 19/12/2023 của UBND huyện Tủa Chùa"
# Demo amounts: the plan names the decisions but not the figures, so these are plausible numbers for the demo
# only (the real amounts are entered by the Labour office in the back office).
ALLOCATIONS = [
    (AllocationKind.ALLOCATED, DECISION_3208, 450_000_000, "Số tiền minh họa (dữ liệu mẫu)."),
    (
        AllocationKind.CARRIED_OVER,
        "Kinh phí Dự án 7 năm 2023 chuyển nguồn sang năm 2024",
        62_500_000,
        "Số tiền minh họa (dữ liệu mẫu).",
    ),
]


def load_money_demo(report) -> None:
    """Create the missing rates and the 2024 plan's allocations; `report.count(what, created)` tallies them."""
    for code, name, amount, unit, valid_from, valid_to, source in RATES:
        _rate, created = Rate.objects.get_or_create(
            code=code,
            valid_from=valid_from,
            issuing_unit=None,
            plan=None,
            defaults={"name": name, "amount": amount, "unit": unit, "valid_to": valid_to, "source": source},
        )
        report.count("rates", created)
    plan = (
        Plan.objects.filter(issuing_unit__code=data.DISTRICT["code"], year=data.PLAN["year"], title=data.PLAN["title"])
        .order_by("pk")
        .first()
    )
    if plan is None:
        return
    for kind, source, amount, note in ALLOCATIONS:
        _allocation, created = Allocation.objects.get_or_create(
            plan=plan, activity=None, kind=kind, source=source, defaults={"amount": amount, "note": note}
        )
        report.count("allocations", created)
