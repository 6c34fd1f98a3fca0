"""The API's endpoints. Each checks the shape of the request (serializers), calls the
same services as the web pages, and answers; errors become problem documents
(api.problems)."""

import hashlib
import time

from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers as drf_serializers
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from cases import selectors as case_selectors
from cases import services as case_services
from cases.models import Case, Channel, DisputeCategory, District
from cases.selectors import WorkbenchFilters
from cases.timeline import event_text
from hotline.services import HotlineError

from . import serializers, services, work_orders
from .auth import TrackThrottle
from .models import Scope, WorkOrder, WorkOrderRequest
from .problems import CONTENT_TYPE, DomainRefusal, problem

PROBLEM = OpenApiResponse(
    response=inline_serializer(
        "Problem",
        {
            "type": drf_serializers.CharField(),
            "title": drf_serializers.CharField(),
            "status": drf_serializers.IntegerField(),
            "detail": drf_serializers.CharField(),
            "errors": inline_serializer(
                "FieldError",
                {"field": drf_serializers.CharField(), "message": drf_serializers.CharField()},
                many=True,
                required=False,
            ),
        },
    ),
    description="RFC 9457 problem document (application/problem+json).",
)
ERRORS = {400: PROBLEM, 401: PROBLEM, 403: PROBLEM, 413: PROBLEM, 429: PROBLEM}
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="Any unique string up to 128 characters; a retry with the same key and "
    "body gets the first answer and files nothing again.",
)


class ApiView(APIView):
    """Audits every call: client, route, status, time; no values."""

    required_scope: str | None = None

    def initial(self, request, *args, **kwargs):
        request._api_started = time.monotonic()
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        started = getattr(request, "_api_started", None)
        route = request.resolver_match.route if request.resolver_match else request.path
        client = getattr(request, "_auth", None)
        services.api_call_record(
            client=client if hasattr(client, "pk") else None,
            method=request.method,
            endpoint="/" + route,
            status=response.status_code,
            duration_ms=int((time.monotonic() - started) * 1000) if started else 0,
        )
        response["Cache-Control"] = "no-store"
        return response

    def refuse(self, error) -> DomainRefusal:
        refusal = DomainRefusal(error.message)
        return refusal


def _request_hash(request) -> str:
    """What makes two requests the same, for an Idempotency-Key: the values and the
    files' content."""
    digest = hashlib.sha256()
    for key in sorted(request.data.keys()):
        if key == "evidence":
            continue
        values = (
            request.data.getlist(key) if hasattr(request.data, "getlist") else [request.data[key]]
        )
        digest.update(f"{key}={values!r};".encode())
    for uploaded in request.FILES.getlist("evidence") if request.FILES else []:
        for chunk in uploaded.chunks():
            digest.update(chunk)
        uploaded.seek(0)
    return digest.hexdigest()


def _idempotency_key(request) -> str | None:
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > 128:
        raise ValidationError(
            {"Idempotency-Key": [_("The Idempotency-Key header takes 1 to 128 characters.")]}
        )
    return key


def _lines(events) -> list[dict]:
    """Timeline lines in the reader's language (cases.timeline), at local time."""
    return [
        {"at": timezone.localtime(event.at).isoformat(), "text": event_text(event)}
        for event in events
    ]


class ComplaintCreate(ApiView):
    required_scope = Scope.FILE

    @extend_schema(
        operation_id="complaints_create",
        summary="File a complaint",
        description="The web form's complaint: same checks, routing, deadlines, early "
        "warnings and receipt (SMS with the case number and query code). JSON, or "
        "multipart/form-data with evidence files.",
        request={
            "application/json": serializers.ComplaintSerializer,
            "multipart/form-data": serializers.ComplaintSerializer,
        },
        parameters=[IDEMPOTENCY_KEY],
        responses={201: serializers.ComplaintFiledSerializer, **ERRORS, 422: PROBLEM},
        tags=["complaints"],
    )
    def post(self, request):
        key = _idempotency_key(request)

        def perform():
            serializer = serializers.ComplaintSerializer(
                data=request.data, context={"files": request.FILES}
            )
            if not serializer.is_valid():
                raise ValidationError(serializer.errors)
            data = serializer.validated_data
            case, code = case_services.case_create(
                complainants=[
                    case_services.ComplainantInput(
                        name=data["name"],
                        id_number=data["id_number"],
                        phone=data["phone"],
                        address=data["address"],
                        email=data["email"],
                    )
                ],
                channel=Channel.WEB,
                actor=request.user,
                employer_name=data["employer_name"],
                employer_credit_code=data["employer_credit_code"],
                employer_address=data["employer_address"],
                district=data["district"],
                industry=data["industry"],
                category=data["category"],
                workers_involved=data["workers_involved"],
                amount_claimed=data["amount_claimed"],
                facts=data["facts"],
                demand=data["demand"],
                evidence_files=data["evidence"] or [],
            )
            body = {
                "number": case.number,
                "query_code": code,
                "status": case.status,
                "stage": case.stage,
                "track_url": "/api/v1/complaints/track",
            }
            return 201, body

        if key is None:
            with transaction.atomic():
                status, body = perform()
            return Response(body, status=status)
        try:
            status, body, replayed = services.idempotent(
                client=request.auth,
                key=key,
                endpoint="complaints",
                request_hash=_request_hash(request),
                perform=perform,
            )
        except services.IdempotencyMismatch as error:
            return Response(problem(422, error.message), status=422, content_type=CONTENT_TYPE)
        response = Response(body, status=status)
        if replayed:
            response["Idempotent-Replayed"] = "true"
        return response


class ComplaintTrack(ApiView):
    required_scope = Scope.TRACK
    throttle_classes = [*ApiView.throttle_classes, TrackThrottle]

    @extend_schema(
        operation_id="complaints_track",
        summary="Track a complaint",
        description="Case number and query code → what the worker's tracking page shows. "
        "A wrong number and a wrong code get the same answer; ten lookups of one number "
        "in ten minutes per client.",
        request=serializers.TrackSerializer,
        responses={200: serializers.TrackedCaseSerializer, **ERRORS, 404: PROBLEM},
        tags=["complaints"],
    )
    def post(self, request):
        serializer = serializers.TrackSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        case = case_selectors.case_for_tracking(number=data["number"], code=data["code"])
        if case is None:
            return Response(
                problem(
                    404,
                    _("No case matches this case number and query code. Check both and try again."),
                ),
                status=404,
                content_type=CONTENT_TYPE,
            )
        deadline = case_selectors.case_next_deadline(case=case)
        events = case_selectors.case_timeline(case=case, public_only=True).order_by("at", "id")
        return Response(
            {
                "number": case.number,
                "stage": case.get_stage_display(),
                "status": case.get_status_display(),
                "outcome": case.get_outcome_display() if case.outcome else "",
                "department": case.department.name,
                "handling_union": case.organisation.name if case.organisation else "",
                "filed_at": timezone.localtime(case.created_at),
                "next_deadline": {
                    "rule": deadline.rule.label,
                    "due_on": deadline.due_on,
                    "paused": deadline.is_paused,
                }
                if deadline
                else None,
                "timeline": _lines(events),
            }
        )


class CasePagination(CursorPagination):
    ordering = "-id"
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


def _client_cases(client):
    """The cases of the client's department; none without one."""
    if client.department_id is None:
        return Case.objects.none()
    return Case.objects.filter(department_id=client.department_id)


class CaseList(ApiView):
    required_scope = Scope.READ_CASES

    @extend_schema(
        operation_id="cases_list",
        summary="The department's cases",
        description="The workbench's filters; newest first, cursor pagination; phones and "
        "ID numbers masked.",
        parameters=[serializers.CaseFilterSerializer],
        responses={200: serializers.CaseListItemSerializer(many=True), **ERRORS},
        tags=["cases"],
    )
    def get(self, request):
        params = serializers.CaseFilterSerializer(data=request.query_params.dict())
        params.is_valid(raise_exception=True)
        data = params.validated_data
        district = category = None
        if data.get("district"):
            district = (
                District.objects.filter(code=data["district"]).values_list("pk", flat=True).first()
                or -1
            )
        if data.get("category"):
            category = (
                DisputeCategory.objects.filter(code=data["category"])
                .values_list("pk", flat=True)
                .first()
                or -1
            )
        filters = WorkbenchFilters(
            stage=data.get("stage", ""),
            status=data.get("status", ""),
            district=district,
            category=category,
            channel=data.get("channel", ""),
            collective=data.get("collective"),
            deadline_state=data.get("deadline", ""),
            open_only=not data.get("closed"),
            query=data.get("q", ""),
            created_from=data.get("created_from"),
            created_to=data.get("created_to"),
        )
        cases = case_selectors.case_workbench_list(
            user=request.user, filters=filters, visible=_client_cases(request.auth)
        ).order_by("-id")
        paginator = CasePagination()
        page = paginator.paginate_queryset(cases, request, view=self)
        return paginator.get_paginated_response(
            serializers.CaseListItemSerializer(page, many=True).data
        )


class CaseDetail(ApiView):
    required_scope = Scope.READ_CASES

    @extend_schema(
        operation_id="cases_retrieve",
        summary="One case of the department",
        responses={200: serializers.CaseDetailSerializer, **ERRORS, 404: PROBLEM},
        tags=["cases"],
    )
    def get(self, request, number: str):
        case = get_object_or_404(
            _client_cases(request.auth)
            .select_related("district", "category", "department")
            .prefetch_related("complainants"),
            number=number,
        )
        events = case_selectors.case_timeline(case=case, public_only=True).order_by("at", "id")
        case.timeline = _lines(events)
        return Response(serializers.CaseDetailSerializer(case).data)


# --- 12345 work orders -----------------------------------------------------------------


class WorkOrderCreate(ApiView):
    required_scope = Scope.WORK_ORDERS

    @extend_schema(
        operation_id="work_orders_create",
        summary="Dispatch a 12345 work order to the union",
        description="Becomes a 12351 call with a case (the caller's open case when there "
        "is one). Posting the same order number again returns the first order (200).",
        request=serializers.WorkOrderInSerializer,
        responses={
            201: serializers.WorkOrderSerializer,
            200: serializers.WorkOrderSerializer,
            **ERRORS,
        },
        tags=["work orders"],
    )
    def post(self, request):
        serializer = serializers.WorkOrderInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            work_order, created = work_orders.work_order_receive(
                platform=request.auth, **serializer.validated_data
            )
        except IntegrityError:
            # The same order posted twice at once: the first one's answer.
            work_order, created = (
                WorkOrder.objects.get(
                    platform=request.auth, order_number=serializer.validated_data["order_number"]
                ),
                False,
            )
        except (case_services.CaseError, HotlineError) as error:
            raise self.refuse(error) from None
        body = serializers.WorkOrderSerializer(work_order).data
        body["linked_to_open_case"] = getattr(work_order, "linked_to_open_case", False)
        return Response(body, status=201 if created else 200)


def _platform_order(request, order_number: str) -> WorkOrder:
    """The asking platform's own order: another platform's number is not found."""
    return get_object_or_404(
        WorkOrder.objects.select_related("case"), platform=request.auth, order_number=order_number
    )


class WorkOrderRating(ApiView):
    required_scope = Scope.WORK_ORDERS

    @extend_schema(
        operation_id="work_orders_rating",
        summary="The citizen's rating of the reply (回访评价)",
        request=serializers.RatingSerializer,
        responses={200: serializers.WorkOrderSerializer, **ERRORS, 404: PROBLEM, 409: PROBLEM},
        tags=["work orders"],
    )
    def post(self, request, order_number: str):
        work_order = _platform_order(request, order_number)
        serializer = serializers.RatingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            work_order = work_orders.work_order_rate(
                work_order=work_order,
                rating=serializer.validated_data["rating"],
                note=serializer.validated_data.get("note", ""),
                rework_reply_by=serializer.validated_data.get("rework_reply_by"),
            )
        except (work_orders.WorkOrderError, HotlineError) as error:
            raise self.refuse(error) from None
        return Response(serializers.WorkOrderSerializer(work_order).data)


class WorkOrderRequestDecision(ApiView):
    required_scope = Scope.WORK_ORDERS

    @extend_schema(
        operation_id="work_orders_request_decision",
        summary="The platform's decision on a request for more time (延期) or to send back (退单)",
        description="The request's id comes in the work_order.extension_requested or "
        "work_order.send_back_requested webhook. The reply limit moves, or the order "
        "ends, only on approval. The same decision posted again returns the first (200); "
        "the other decision after it is refused (409).",
        request=serializers.DecisionSerializer,
        responses={
            200: serializers.WorkOrderRequestSerializer,
            **ERRORS,
            404: PROBLEM,
            409: PROBLEM,
        },
        tags=["work orders"],
    )
    def post(self, request, order_number: str, request_id: int):
        work_order = _platform_order(request, order_number)
        serializer = serializers.DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            decided = work_orders.work_order_request_decide(
                work_order=work_order,
                request_id=request_id,
                approved=serializer.validated_data["decision"] == "approved",
                note=serializer.validated_data.get("note", ""),
                reply_by=serializer.validated_data.get("reply_by"),
            )
        except WorkOrderRequest.DoesNotExist:
            raise Http404 from None
        except work_orders.WorkOrderError as error:
            raise self.refuse(error) from None
        decided.work_order.refresh_from_db()
        return Response(serializers.WorkOrderRequestSerializer(decided).data)
