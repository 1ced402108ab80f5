from django.urls import path

from . import views

app_name = "district_reports"

urlpatterns = [
    path("directive/<int:directive_id>/", views.report_list, name="list"),
    path("directive/<int:directive_id>/new/", views.report_create, name="create"),
    path("directive/<int:directive_id>/for-period/", views.report_for_period, name="for_period"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/header/", views.report_header, name="header"),
    path("<int:pk>/sections/<int:position>/", views.report_section, name="section"),
    path("<int:pk>/sections/<int:position>/comment/", views.report_comment, name="comment"),
    path("<int:pk>/final/", views.report_finalise, name="finalise"),
    path("<int:pk>/versions/", views.report_versions, name="versions"),
    path("<int:pk>/versions/<int:number>/", views.report_version, name="version"),
    path("<int:pk>/report.docx", views.report_docx, name="export_docx"),
]
