"""URLs of tuachua: the home page and health check here, each app's pages under its own module."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from tuachua import audit_views, views
from tuachua.password_reset import PasswordResetView

admin.site.site_header = _("tuachua — Quản trị")
admin.site.site_title = _("tuachua")
admin.site.index_title = _("Dữ liệu hệ thống")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/password/reset/", PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("reports/periods/<int:period_pk>/mau01.<str:fmt>", views.mau01_download, name="mau01"),
    path("documents/<slug:exporter>/<int:pk>.<str:fmt>", views.document_download, name="document"),
    path("dashboard/", include("tuachua.dashboard.urls")),
    path("audit/", audit_views.audit_list, name="audit"),
    path("admin/", admin.site.urls),
    path("", include("plans.urls")),
    path("", include("training.urls")),
    path("", include("monitoring.urls")),
    path("", include("monitoring.report_urls")),
    path("calendar/", include("tuachua.calendar.urls")),
]
