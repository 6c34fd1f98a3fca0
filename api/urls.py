from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views

app_name = "api"


class Schema(SpectacularAPIView):
    authentication_classes = []
    throttle_classes = []


class Swagger(SpectacularSwaggerSplitView):
    """The split view: its script is a URL of its own, so the page runs under the
    portal's Content-Security-Policy (no inline script); Swagger UI is served from our
    static files (drf-spectacular-sidecar)."""

    authentication_classes = []
    throttle_classes = []


urlpatterns = [
    path("schema/", Schema.as_view(), name="schema"),
    path("docs/", Swagger.as_view(url_name="api:schema"), name="docs"),
    path("v1/complaints", views.ComplaintCreate.as_view(), name="complaints"),
    path("v1/complaints/track", views.ComplaintTrack.as_view(), name="track"),
    path("v1/cases", views.CaseList.as_view(), name="cases"),
    path("v1/cases/<str:number>", views.CaseDetail.as_view(), name="case"),
    path("v1/work-orders", views.WorkOrderCreate.as_view(), name="work_orders"),
    path(
        "v1/work-orders/<str:order_number>/rating",
        views.WorkOrderRating.as_view(),
        name="work_order_rating",
    ),
    path(
        "v1/work-orders/<str:order_number>/requests/<int:request_id>/decision",
        views.WorkOrderRequestDecision.as_view(),
        name="work_order_request_decision",
    ),
]
