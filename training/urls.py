from django.urls import path

from training import upload_views, views

app_name = "training"
urlpatterns = [
    path("registration/", views.event_list, name="event_list"),
    path("registration/<int:event_pk>/", views.event_board, name="board"),
    path("registration/<int:event_pk>/roster/", views.roster, name="roster"),
    path("registration/<int:event_pk>/deadline/", views.event_deadline, name="deadline"),
    path("registration/<int:event_pk>/units/<int:unit_pk>/", views.list_detail, name="list"),
    path("registration/<int:event_pk>/units/<int:unit_pk>/row/", views.new_row, name="new_row"),
    path("registration/<int:event_pk>/units/<int:unit_pk>/submit/", views.list_submit, name="submit"),
    path("registration/<int:event_pk>/units/<int:unit_pk>/review/", views.list_review, name="review"),
    path("registration/<int:event_pk>/units/<int:unit_pk>/reopen/", views.list_reopen, name="reopen"),
    path("registration/<int:event_pk>/units/<int:unit_pk>/quota/", views.quota_override, name="quota"),
    path("registration/<int:event_pk>/units/<int:unit_pk>/upload/", upload_views.upload, name="upload"),
    path(
        "registration/<int:event_pk>/units/<int:unit_pk>/upload/confirm/",
        upload_views.upload_confirm,
        name="upload_confirm",
    ),
    path("delegates/<int:pk>/move/", views.delegate_move, name="move"),
]
