"""Forms of the plans app."""

from django import forms
from django.utils.translation import gettext_lazy as _

from plans.models import ActivityStatus, AdministrativeUnit
from tuachua.text import clean_text


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
                label=village.code, initial=village.name, max_length=120
            )

    def village_fields(self):
        return [self[f"village_{village.pk}"] for village in self.villages]

    def clean(self):
        cleaned = super().clean()
        names = [clean_text(cleaned.get(f"village_{v.pk}")) for v in self.villages]
        names += [clean_text(line) for line in (cleaned.get("new_villages") or "").splitlines() if line.strip()]
        seen = set()
        for name in names:
            key = name.casefold()
            if key in seen:
                message = _("Tên “%(name)s” bị trùng; mỗi thôn, bản cần một tên riêng.")
                raise forms.ValidationError(message % {"name": name})
            seen.add(key)
        return cleaned

    def renames(self) -> dict[int, str]:
        return {v.pk: self.cleaned_data[f"village_{v.pk}"] for v in self.villages}

    def additions(self) -> list[str]:
        return (self.cleaned_data.get("new_villages") or "").splitlines()
