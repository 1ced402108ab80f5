"""The API lives under /api/v1/; its schema and documentation beside it, its tokens page under /api/tokens/.

Every resource is one viewset registered on the router.
"""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from .views import pages, reads, writes
from .views.base import ApiDocs, ApiNotFound

app_name = "api"

router = SimpleRouter()
router.register("units", reads.UnitViewSet, basename="unit")
router.register("directives", writes.DirectiveViewSet, basename="directive")
router.register("periods", reads.PeriodViewSet, basename="period")
router.register("reports", reads.ReportViewSet, basename="report")
router.register("review-queue", reads.ReviewQueueViewSet, basename="review_queue")
router.register("extensions", reads.ExtensionViewSet, basename="extension")
router.register("district-reports", reads.DistrictReportViewSet, basename="district_report")
router.register("reports", writes.ReportWorkflowViewSet, basename="report_workflow")
router.register("extensions", writes.ExtensionDecisionViewSet, basename="extension_decision")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(throttle_classes=()), name="schema"),
    path("docs/", ApiDocs.as_view(url_name="api:schema"), name="docs"),
    path("tokens/", pages.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", pages.token_revoke_view, name="token_revoke"),
    re_path(r"^", ApiNotFound.as_view(), name="not_found"),
]
