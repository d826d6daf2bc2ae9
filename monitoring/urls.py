from django.urls import path

from monitoring.views import recommendations, visits

app_name = "monitoring"
urlpatterns = [
    path("monitoring/", visits.visit_list, name="visits"),
    path("monitoring/visits/new/", visits.visit_create, name="visit_create"),
    path("monitoring/visits/<int:pk>/", visits.visit_detail, name="visit"),
    path("monitoring/visits/<int:pk>/status/", visits.visit_status, name="visit_status"),
    path("monitoring/visits/<int:pk>/team/", visits.visit_team, name="visit_team"),
    path("monitoring/visits/<int:pk>/findings/", visits.visit_finding, name="visit_finding"),
    path("monitoring/visits/<int:pk>/recommendations/", visits.visit_recommendation, name="visit_recommendation"),
    path("monitoring/visits/<int:pk>/files/", visits.visit_attachment, name="visit_attachment"),
    path("monitoring/visit-files/<int:pk>/", visits.visit_file, name="visit_file"),
    path("monitoring/recommendations/", recommendations.recommendation_list, name="recommendations"),
    path("monitoring/recommendations/<int:pk>/", recommendations.recommendation_detail, name="recommendation"),
    path(
        "monitoring/recommendations/<int:pk>/respond/",
        recommendations.recommendation_respond,
        name="recommendation_respond",
    ),
    path(
        "monitoring/recommendations/<int:pk>/verify/",
        recommendations.recommendation_verify,
        name="recommendation_verify",
    ),
    path("monitoring/response-files/<int:pk>/", recommendations.response_file, name="response_file"),
]
