"""Administrative units (any depth, a materialised path for subtrees), their offices and users' memberships.

Nothing here knows about a particular district: the hierarchy of units is data.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    """Loại đơn vị hành chính."""

    PROVINCE = "province", _("tỉnh")
    CITY = "city", _("thành phố")
    DISTRICT = "district", _("huyện")
    COMMUNE = "commune", _("xã")
    WARD = "ward", _("phường")
    TOWN = "town", _("thị trấn")
    VILLAGE = "village", _("thôn, bản")
    RESIDENTIAL_GROUP = "residential_group", _("tổ dân phố")


# Kinds at the bottom of the hierarchy: their delegates sit at "village level" in the quota rules.
GRASSROOTS_KINDS = (UnitKind.VILLAGE, UnitKind.RESIDENTIAL_GROUP)
# Commune-level kinds: the units whose children are villages or residential groups.
COMMUNE_KINDS = (UnitKind.COMMUNE, UnitKind.WARD, UnitKind.TOWN)


class AdministrativeUnit(models.Model):
    """Đơn vị hành chính: province, district, commune/ward/town, village/residential group."""

    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=120)
    kind = models.CharField(_("loại"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path of primary keys ("/3/17/"), maintained by save(); a subtree is a prefix.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = pgettext_lazy("plural", "đơn vị hành chính")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="unit_unique_name_in_parent"),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        """Kind and name, as written in running text: "xã Mường Đun", "thị trấn Tủa Chùa"."""
        return gettext("%(kind)s %(name)s") % {"kind": self.get_kind_display(), "name": self.name}

    @property
    def is_grassroots(self) -> bool:
        return self.kind in GRASSROOTS_KINDS

    @property
    def has_villages(self) -> bool:
        """A commune, ward or town: its children are villages or residential groups."""
        return self.kind in COMMUNE_KINDS

    def ancestor_ids(self) -> list[int]:
        """Primary keys from the root down to this unit's parent (read from the path, no query)."""
        ids = [int(part) for part in self.path.strip("/").split("/") if part]
        return ids[:-1]

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        parent_path = self.parent.path if self.parent_id else "/"
        new_path = f"{parent_path}{self.pk}/"
        if new_path != self.path:
            old_path = self.path
            type(self).objects.filter(pk=self.pk).update(path=new_path)
            if old_path:
                # Moving a unit moves its whole subtree: rewrite the descendants' path prefix.
                type(self).objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                    path=Concat(models.Value(new_path), Substr("path", len(old_path) + 1))
                )
            self.path = new_path

    def clean(self):
        if self.parent_id and self.pk and (self.parent_id == self.pk or f"/{self.pk}/" in (self.parent.path or "")):
            raise ValidationError({"parent": _("Đơn vị cấp trên không thể là chính nó hoặc đơn vị cấp dưới của nó.")})


class Office(models.Model):
    """Phòng, ban: an office or body of a unit (Phòng LĐTBXH, Phòng TC-KH, Ban Chỉ đạo, …)."""

    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("thuộc đơn vị"), on_delete=models.PROTECT, related_name="offices"
    )
    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên đầy đủ"), max_length=200)
    short_name = models.CharField(_("tên viết tắt"), max_length=80)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("phòng, ban")
        verbose_name_plural = pgettext_lazy("plural", "phòng, ban")
        ordering = ["unit_id", "sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="office_unique_name_in_unit")]

    def __str__(self):
        return self.short_name or self.name


class Membership(models.Model):
    """Đơn vị công tác of a user: the unit (and office) whose data the user works with."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), on_delete=models.CASCADE, related_name="membership"
    )
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="members"
    )
    office = models.ForeignKey(
        Office, verbose_name=_("phòng, ban"), null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    position = models.CharField(_("chức vụ"), max_length=120, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("đơn vị công tác")
        verbose_name_plural = pgettext_lazy("plural", "đơn vị công tác")

    def __str__(self):
        return f"{self.user} — {self.unit}"

    def clean(self):
        if self.office_id and self.unit_id and self.office.unit_id != self.unit_id:
            raise ValidationError({"office": _("Phòng, ban phải thuộc đơn vị công tác đã chọn.")})
