from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.dashboard_index, name="index"),
    path("<int:directive_id>/", views.dashboard, name="dashboard"),
    path("<int:directive_id>/summary/", views.summary, name="summary"),
    path("<int:directive_id>/export.xlsx", views.export_xlsx, name="export_xlsx"),
]
