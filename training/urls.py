from django.urls import path

from training import attendance_views, conflict_views, estimate_views, upload_views, views

app_name = "training"
urlpatterns = [
    path("registration/", views.event_list, name="event_list"),
    path("registration/<int:event_pk>/", views.event_board, name="board"),
    path("registration/<int:event_pk>/roster/", views.roster, name="roster"),
    path("registration/<int:event_pk>/deadline/", views.event_deadline, name="deadline"),
    path("registration/<int:event_pk>/units/<int:unit_pk>/", views.list_detail, name="list"),
    path("registration/<int:event_pk>/units/<int:unit_pk>/row/", views.new_row, name="new_row"),
    path("registration/<int:event_pk>/units/<int:unit_pk>/merge/", conflict_views.list_merge, name="merge"),
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
    # Điểm danh (attendance_views.py)
    path("attendance/<int:event_pk>/", attendance_views.overview, name="attendance"),
    path("attendance/<int:event_pk>/sync/", attendance_views.checkin_sync, name="checkin_sync"),
    path("attendance/<int:event_pk>/day/<int:day>/checkin/", attendance_views.checkin, name="checkin"),
    path("attendance/<int:event_pk>/day/<int:day>/sheet/", attendance_views.sheet, name="attendance_sheet"),
    # Dự toán kinh phí (estimate_views.py)
    path("estimate/events/<int:event_pk>/", estimate_views.estimate, name="estimate"),
    path("estimate/events/<int:event_pk>/lines/", estimate_views.line_add, name="estimate_line_add"),
    path("estimate/events/<int:event_pk>/lines/<int:pk>/", estimate_views.line_edit, name="estimate_line"),
    path(
        "estimate/events/<int:event_pk>/lines/<int:pk>/delete/", estimate_views.line_delete, name="estimate_line_delete"
    ),
    path("estimate/events/<int:event_pk>/adjust/", estimate_views.adjust, name="estimate_adjust"),
    path("estimate/events/<int:event_pk>/spending/", estimate_views.spending_add, name="estimate_spending_add"),
    path(
        "estimate/events/<int:event_pk>/spending/<int:pk>/delete/",
        estimate_views.spending_delete,
        name="estimate_spending_delete",
    ),
    path("estimate/events/<int:event_pk>/meals/", estimate_views.meals, name="estimate_meals"),
    path("estimate/plans/<int:plan_pk>/", estimate_views.estimate_plan, name="estimate_plan"),
]
