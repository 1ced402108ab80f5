from django.urls import path

from . import views

app_name = "calendars"

urlpatterns = [
    path("", views.feed_settings, name="feed_settings"),
    path("<str:secret>.ics", views.feed, name="feed"),
]
