from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class TuachuaConfig(AppConfig):
    name = "tuachua"
    verbose_name = _("Hệ thống")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        import tuachua.checks  # noqa: F401  (registers the deployment checks)
        from tuachua.middleware import session_started

        user_logged_in.connect(session_started, dispatch_uid="tuachua-session-started")

        # Each app's exporters.py registers its documents; the documents that combine apps live here.
        autodiscover_modules("exporters")
        import tuachua.dashboard.exporters  # noqa: F401
        import tuachua.plan_document  # noqa: F401
