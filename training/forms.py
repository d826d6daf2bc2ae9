"""Forms of the training app. A list is edited as rows, each with its own prefix (row-<key>-…), so
rows can be added and removed without renumbering (htmx adds one; without JavaScript a button does)."""

import secrets

from django import forms
from django.utils.translation import gettext_lazy as _

from training.models import Gender
from training.services import Row
from tuachua.text import whole_number

# Standard positions (BRIEF §3), offered as suggestions; any text is allowed.
STANDARD_POSITIONS = [
    "Bí thư Đảng ủy",
    "Phó Bí thư Đảng ủy",
    "Chủ tịch HĐND",
    "Phó Chủ tịch HĐND",
    "Chủ tịch UBND",
    "Phó Chủ tịch UBND",
    "Chủ tịch Ủy ban MTTQ",
    "Chủ tịch Hội LHPN",
    "Bí thư Đoàn TNCSHCM",
    "Công chức Lao động - Thương binh và Xã hội",
    "Công chức Văn hóa - Xã hội",
    "Kế toán",
    "Công chức Địa chính",
    "Khuyến nông",
    "Khuyến ngư",
    "Bí thư chi bộ",
    "Trưởng thôn",
    "Trưởng bản",
    "Tổ trưởng tổ dân phố",
    "Trưởng ban công tác Mặt trận",
    "Chi hội trưởng Phụ nữ",
    "Bí thư Chi đoàn",
    "Người có uy tín",
    "Trưởng nhóm hộ",
    "Cộng tác viên giảm nghèo",
    "Thành viên Ban phát triển thôn",
]
MAX_ROWS = 400
PAID_CHOICES = [("1", _("Hưởng lương từ NSNN")), ("0", _("Không hưởng lương từ NSNN"))]


def new_row_key() -> str:
    return secrets.token_hex(4)


class RowForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), required=False, max_length=120)
    position = forms.CharField(
        label=_("Chức vụ"), required=False, max_length=200, widget=forms.TextInput(attrs={"list": "positions"})
    )
    village = forms.TypedChoiceField(label=_("Cấp"), required=False, coerce=int, empty_value=None)
    paid = forms.TypedChoiceField(
        label=_("Lương"),
        required=False,
        choices=PAID_CHOICES,
        coerce=lambda v: v == "1",
        empty_value=None,
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(label=_("Ghi chú"), required=False, max_length=255)
    phone = forms.CharField(label=_("Điện thoại"), required=False, max_length=20)
    gender = forms.ChoiceField(label=_("Giới tính"), required=False, choices=[("", "—"), *Gender.choices])
    DELETE = forms.BooleanField(label=_("Xóa dòng"), required=False)
    # Who the row is: a delegate's id, "new" for a row the user added, empty when unknown (matched by name).
    identity = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)

    def __init__(self, *args, key: str, villages, **kwargs):
        super().__init__(*args, prefix=f"row-{key}", **kwargs)
        self.key = key
        self.fields["village"].choices = [("", _("Cấp xã")), *[(v.pk, v.name) for v in villages]]

    def to_row(self) -> Row:
        data = self.cleaned_data
        return Row(
            full_name=data.get("full_name") or "",
            position=data.get("position") or "",
            village_id=data.get("village"),
            paid_by_state=data.get("paid"),
            notes=data.get("notes") or "",
            phone=data.get("phone") or "",
            gender=data.get("gender") or "",
            **identity_of(data.get("identity") or ""),
        )

    def field_error(self, field: str, message: str) -> None:
        target = {"village_id": "village", "paid_by_state": "paid"}.get(field, field)
        self.add_error(target, message)


NEW_ROW = "new"


def identity_of(value: str) -> dict:
    """Row identity fields from the hidden input: "123" → that delegate, "new" → a new person."""
    if value == NEW_ROW:
        return {"is_new": True}
    delegate_id = whole_number(value)
    return {"delegate_id": delegate_id} if delegate_id else {}


def identity_value(row: Row) -> str:
    if row.delegate_id:
        return str(row.delegate_id)
    return NEW_ROW if row.is_new else ""


def initial_for(row: Row) -> dict:
    return {
        "identity": identity_value(row),
        "full_name": row.full_name,
        "position": row.position,
        "village": row.village_id,
        "paid": "" if row.paid_by_state is None else ("1" if row.paid_by_state else "0"),
        "notes": row.notes,
        "phone": row.phone,
        "gender": row.gender,
    }


def bound_data(rows: list[Row], *, version: int):
    """POST-like data for `rows`, so a list that was not typed (an upload) can be shown with its errors."""
    from django.utils.datastructures import MultiValueDict

    data = MultiValueDict({"version": [str(version)], "rows": []})
    for row in rows:
        key = new_row_key()
        data.appendlist("rows", key)
        for field, value in initial_for(row).items():
            data[f"row-{key}-{field}"] = "" if value is None else str(value)
    return data


class ListForm:
    """All rows of one list, bound to POST data or built from saved delegates."""

    def __init__(self, *, villages, data=None, rows: list[Row] | None = None, extra: int = 0):
        self.villages = list(villages)
        self.data = data
        if data is not None:
            keys = [key for key in data.getlist("rows") if key.isalnum()][:MAX_ROWS]
            self.forms = [RowForm(data, key=key, villages=self.villages) for key in dict.fromkeys(keys)]
        else:
            self.forms = [
                RowForm(initial=initial_for(row), key=new_row_key(), villages=self.villages) for row in rows or []
            ]
        for _i in range(extra):
            self.forms.append(self.blank_form())
        version = whole_number(data.get("version"), max_digits=9) if data is not None else None
        self.version = version or 0
        self.list_errors: list[str] = []

    def blank_form(self) -> RowForm:
        return RowForm(key=new_row_key(), villages=self.villages, initial={"identity": NEW_ROW})

    def kept(self) -> list[RowForm]:
        """Rows not marked for deletion and not blank, after field validation."""
        kept = []
        for form in self.forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            if not form.to_row().cleaned().is_blank:
                kept.append(form)
        return kept

    def is_valid(self) -> bool:
        return all(form.is_valid() for form in self.forms)

    def without_deleted(self) -> list[RowForm]:
        return [f for f in self.forms if not (f.is_bound and f.is_valid() and f.cleaned_data.get("DELETE"))]

    def show_errors(self, row_errors: dict[int, dict[str, str]], forms_in_order: list[RowForm]) -> None:
        for index, errors in row_errors.items():
            for field, message in errors.items():
                forms_in_order[index].field_error(field, message)


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Ý kiến trả lại"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Đơn vị sẽ thấy ý kiến này và nhận thư báo."),
    )


class ReopenForm(forms.Form):
    until = forms.DateTimeField(
        label=_("Mở lại đến"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%d/%m/%Y"],
    )


class OverrideForm(forms.Form):
    unit_seats = forms.IntegerField(label=_("Chỉ tiêu cấp xã"), min_value=0, max_value=500)
    village_seats = forms.IntegerField(label=_("Chỉ tiêu mỗi thôn, bản"), min_value=0, max_value=100)
    reason = forms.CharField(label=_("Lý do điều chỉnh"), max_length=500)


class MoveForm(forms.Form):
    to_event = forms.ModelChoiceField(label=_("Chuyển sang lớp"), queryset=None, empty_label=None)

    def __init__(self, *args, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_event"].queryset = events


class DeadlineForm(forms.Form):
    deadline = forms.DateTimeField(
        label=_("Hạn đăng ký"),
        required=False,
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "class": "form-control form-control-sm"}, format="%Y-%m-%dT%H:%M"
        ),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%d/%m/%Y"],
        help_text=_("Để trống nếu không giới hạn."),
    )

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline is not None and not 2000 <= deadline.year <= 2100:
            raise forms.ValidationError(_("Năm phải trong khoảng 2000–2100."))
        return deadline
