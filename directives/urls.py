from django.urls import path

from .views import files, office, setup, unit

app_name = "directives"

urlpatterns = [
    path("my-reports/", unit.my_reports, name="my_reports"),
    path("reports/<int:pk>/", unit.report_detail, name="report"),
    path("reports/<int:pk>/history/", unit.report_history, name="history"),
    path("reports/<int:pk>/extension/", unit.extension_request, name="extension_request"),
    path("evidence/<int:pk>/remove/", unit.evidence_remove, name="evidence_remove"),
    path("evidence/<int:pk>/download/", files.evidence_download, name="evidence_download"),
    path("review/", office.review_queue_view, name="review_queue"),
    path("review/<int:pk>/", office.review, name="review"),
    path("extensions/<int:pk>/decide/", office.extension_decision, name="extension_decide"),
    path("reports/", office.report_list, name="report_list"),
    path("new/", setup.directive_new, name="directive_new"),
    path("<int:pk>/", office.directive_detail, name="directive"),
]
