from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Kế hoạch và đơn vị")

    def ready(self):
        from django.db.models.signals import post_migrate

        from plans.services import ensure_role_groups

        post_migrate.connect(ensure_role_groups, dispatch_uid="tuachua-role-groups")
