"""URLs of the calendar (/calendar/): the month, the list, the feed address page and the feed."""

from django.urls import path

from tuachua.calendar import views

app_name = "calendar"
urlpatterns = [
    path("", views.month, name="month"),
    path("list/", views.entry_list, name="list"),
    path("feed/", views.feed, name="feed"),
    path("feed/<slug:token>.ics", views.ics, name="ics"),
]
