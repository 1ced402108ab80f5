from django.urls import path

from . import views

app_name = "satisfaction"

urlpatterns = [
    path("satisfaction/", views.overview, name="overview"),
    path("satisfaction/import/", views.import_start, name="import_start"),
    path("satisfaction/import/template.xlsx", views.import_template, name="import_template"),
    path("satisfaction/import/preview/", views.import_preview, name="import_preview"),
    path("satisfaction/import/confirm/", views.import_confirm, name="import_confirm"),
    path("satisfaction/poster/<slug:code>/", views.poster, name="poster"),
    path("satisfaction/responses/<int:pk>/hide/", views.response_hide, name="response_hide"),
    # Public: no account needed (the address printed as a QR code on each unit's poster).
    path("survey/<slug:code>/", views.survey, name="survey"),
    path("survey/<slug:code>/thanks/", views.survey_thanks, name="survey_thanks"),
]
