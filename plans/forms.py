"""Forms of the plans app."""

from django import forms
from django.utils.translation import gettext_lazy as _

from plans.models import ActivityStatus, AdministrativeUnit
from tuachua.text import clean_text

NAME_MAX_LENGTH = AdministrativeUnit._meta.get_field("name").max_length


class ActivityStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Tình trạng"), choices=ActivityStatus.choices)


class VillagesForm(forms.Form):
    """Rename the villages of one unit and add new ones (one name per line)."""

    new_villages = forms.CharField(
        label=_("Thêm thôn, bản, tổ dân phố"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mỗi tên một dòng."),
    )

    def __init__(self, *args, villages: list[AdministrativeUnit], **kwargs):
        super().__init__(*args, **kwargs)
        self.villages = villages
        for village in villages:
            self.fields[f"village_{village.pk}"] = forms.CharField(
                label=village.code, initial=village.name, max_length=NAME_MAX_LENGTH
            )

    def village_fields(self):
        return [self[f"village_{village.pk}"] for village in self.villages]

    def clean_new_villages(self):
        lines = [clean_text(line) for line in (self.cleaned_data.get("new_villages") or "").splitlines()]
        too_long = [line for line in lines if len(line) > NAME_MAX_LENGTH]
        if too_long:
            raise forms.ValidationError(
                _("Tên thôn, bản dài tối đa %(max)s ký tự: “%(name)s…”.")
                % {"max": NAME_MAX_LENGTH, "name": too_long[0][:40]}
            )
        return "\n".join(line for line in lines if line)

    def renames(self) -> dict[int, str]:
        return {v.pk: self.cleaned_data[f"village_{v.pk}"] for v in self.villages}

    def additions(self) -> list[str]:
        return (self.cleaned_data.get("new_villages") or "").splitlines()
