"""Forms of the monitoring pages. Choices are limited to what the user may see."""

from django import forms
from django.utils.translation import gettext_lazy as _

from monitoring.models import AttachmentKind, RecommendationStatus, VisitKind, VisitMethod, VisitStatus
from tuachua.text import whole_number

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
MAX_ID_DIGITS = 18  # every id below 10**18 fits the database's 64-bit integers


class ChoicesById(forms.ModelMultipleChoiceField):
    """Several objects chosen by id. An id no database integer holds ("9" × 40) or that is not ASCII digits
    ("²") is an invalid choice; Django's own field would send it to the database, which fails on it."""

    def _check_values(self, value):
        for pk in value:
            text = str(pk)
            if whole_number(text, max_digits=MAX_ID_DIGITS) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": text[:20]}
                )
        return super()._check_values(value)


class VisitForm(forms.Form):
    activity = forms.ModelChoiceField(label=_("Hoạt động"), queryset=None)
    title = forms.CharField(label=_("Tên cuộc giám sát"), max_length=255)
    kind = forms.ChoiceField(label=_("Loại"), choices=VisitKind.choices)
    method = forms.ChoiceField(label=_("Hình thức"), choices=VisitMethod.choices)
    planned_start = forms.DateField(label=_("Dự kiến từ ngày"), widget=DATE, input_formats=DATE_FORMATS)
    planned_end = forms.DateField(label=_("Dự kiến đến ngày"), widget=DATE, input_formats=DATE_FORMATS)
    units = ChoicesById(label=_("Đơn vị được giám sát"), queryset=None, widget=forms.CheckboxSelectMultiple)
    preparation_note = forms.CharField(
        label=_("Đơn vị cần chuẩn bị"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, activities, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities
        self.fields["units"].queryset = units

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("planned_start"), cleaned.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return cleaned


class VisitStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Trạng thái"), choices=VisitStatus.choices)
    summary = forms.CharField(label=_("Kết quả giám sát"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class TeamMemberForm(forms.Form):
    name = forms.CharField(
        label=_("Họ và tên"), max_length=120, error_messages={"required": _("Hãy nhập họ và tên thành viên đoàn.")}
    )
    role = forms.CharField(label=_("Nhiệm vụ trong đoàn"), max_length=120, required=False)
    office = forms.ModelChoiceField(
        label=_("Phòng, ban"),
        queryset=None,
        required=False,
        error_messages={"invalid_choice": _("Phòng, ban này không thuộc đơn vị ban hành kế hoạch.")},
    )

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices


class FindingForm(forms.Form):
    text = forms.CharField(label=_("Phát hiện"), widget=forms.Textarea(attrs={"rows": 2}))
    unit = forms.ModelChoiceField(label=_("Tại đơn vị"), queryset=None, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class RecommendationForm(forms.Form):
    text = forms.CharField(label=_("Nội dung kiến nghị"), widget=forms.Textarea(attrs={"rows": 2}))
    unit = forms.ModelChoiceField(label=_("Gửi đơn vị"), queryset=None, required=False)
    office = forms.ModelChoiceField(label=_("hoặc gửi phòng, ban"), queryset=None, required=False)
    due_date = forms.DateField(label=_("Hạn thực hiện"), widget=DATE, input_formats=DATE_FORMATS)

    def __init__(self, *args, units, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["office"].queryset = offices

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("unit")) == bool(cleaned.get("office")):
            raise forms.ValidationError(_("Chọn một đơn vị hoặc một phòng, ban nhận kiến nghị."))
        return cleaned


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại tệp"), choices=AttachmentKind.choices)
    file = forms.FileField(label=_("Tệp"))


class RespondForm(forms.Form):
    new_status = forms.ChoiceField(
        label=_("Tình trạng"),
        choices=[
            (RecommendationStatus.IN_PROGRESS, RecommendationStatus.IN_PROGRESS.label),
            (RecommendationStatus.REPORTED_DONE, RecommendationStatus.REPORTED_DONE.label),
        ],
    )
    text = forms.CharField(label=_("Báo cáo kết quả"), widget=forms.Textarea(attrs={"rows": 3}))


class VerifyForm(forms.Form):
    comment = forms.CharField(label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


VERIFY_DECISIONS = ("close", "reopen")  # the buttons of the recommendation page


class SubmissionReviewForm(forms.Form):
    """Chấp nhận or trả lại a submitted report (the buttons of the submission page); the service requires the
    comment to return one. The fields refuse what no page sends: another decision, NUL characters."""

    decision = forms.ChoiceField(choices=[("accept", _("Chấp nhận")), ("return", _("Trả lại để sửa"))])
    comment = forms.CharField(required=False, max_length=2000)
