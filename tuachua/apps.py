from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TuachuaConfig(AppConfig):
    name = "tuachua"
    verbose_name = _("Hệ thống")
