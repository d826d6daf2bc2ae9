"""URLs of periodic reporting (/reports/): periods, the completeness board, units' reports, submissions."""

from django.urls import path

from monitoring.views import reports

app_name = "reports"
urlpatterns = [
    path("reports/", reports.period_list, name="period_list"),
    path("reports/periods/<int:pk>/", reports.board, name="board"),
    path("reports/units/<int:unit_pk>/", reports.unit_reports, name="unit"),
    path(
        "reports/periods/<int:period_pk>/units/<int:unit_pk>/forms/<int:form_pk>/upload/",
        reports.upload,
        name="upload",
    ),
    path("reports/submissions/<int:pk>/", reports.submission_detail, name="submission"),
    path("reports/submissions/<int:pk>/review/", reports.review, name="review"),
    path("reports/submissions/<int:pk>/versions/<int:number>/", reports.download, name="download"),
]
