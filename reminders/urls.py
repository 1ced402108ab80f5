from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("units/<int:unit_id>/", views.unit_log, name="unit_log"),
    path("urge/", views.urge, name="urge"),
]
