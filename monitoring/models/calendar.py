"""Ngày nghỉ lễ, Tết: public holidays, kept as data so that working-day deadlines follow each year's decree."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PublicHoliday(models.Model):
    """Ngày nghỉ lễ, Tết: one day off (Tết days and days added by the government each get a row)."""

    date = models.DateField(_("ngày"), unique=True)
    name = models.CharField(_("tên ngày nghỉ"), max_length=120)

    class Meta:
        verbose_name = _("ngày nghỉ lễ, Tết")
        verbose_name_plural = pgettext_lazy("plural", "ngày nghỉ lễ, Tết")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} — {self.name}"
