"""HTTP API of checks (``/api/v1/legislation/checks/``) and review tasks
(``/api/v1/legislation/reviews/``). Errors use the one error shape of ``tuphap.api.errors``."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tuphap.casework import deadlines as case_deadlines
from tuphap.casework import registry
from tuphap.core.errors import ValidationFailed
from tuphap.core.pagination import StandardPagination, page_of
from tuphap.legislation.checking import review
from tuphap.legislation.checking import selectors as checking_selectors
from tuphap.legislation.checking import services as checking
from tuphap.legislation.checking.models import (
    CheckOutcome,
    DocumentCheck,
    FindingGround,
    ReviewItem,
    ReviewStatus,
)
from tuphap.legislation.checking.workflow import REGISTER, STATES
from tuphap.legislation.documents.models import Document


class PrecheckOutputSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    result = serializers.CharField()
    explanation = serializers.DictField(child=serializers.CharField())
    basis = serializers.CharField()
    details = serializers.ListField(child=serializers.DictField())


class FindingOutputSerializer(serializers.Serializer[Any]):
    order = serializers.IntegerField()
    ground = serializers.CharField()
    provision = serializers.CharField()
    description = serializers.CharField()
    legal_basis = serializers.CharField()


class CheckOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="case_id")
    number = serializers.CharField(source="case.display_number")
    state = serializers.CharField(source="case.state")
    state_label = serializers.SerializerMethodField()
    document_id = serializers.IntegerField()
    document_number = serializers.CharField(source="document.number")
    document_title = serializers.CharField(source="document.title")
    issuer = serializers.CharField(source="document.issuer")
    agency = serializers.CharField(source="case.agency.code")
    received_on = serializers.DateField()
    shortened_procedure = serializers.BooleanField()
    due_date = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()
    conclusion = serializers.CharField()
    examined_on = serializers.DateField(allow_null=True)
    requested_on = serializers.DateField(allow_null=True)
    answer_due_on = serializers.DateField(allow_null=True)
    outcome = serializers.CharField()
    outcome_on = serializers.DateField(allow_null=True)

    def get_state_label(self, check: DocumentCheck) -> str:
        return registry.get(REGISTER).state_label(check.case.state)

    def get_due_date(self, check: DocumentCheck) -> str | None:
        due = check.case.due_at
        return case_deadlines.local_date(due).isoformat() if due else None

    def get_overdue(self, check: DocumentCheck) -> bool:
        return check.case.is_overdue(timezone.now())


class CheckDetailOutputSerializer(CheckOutputSerializer):
    prechecks = PrecheckOutputSerializer(many=True)
    findings = FindingOutputSerializer(many=True, source="findings.all")
    request_text = serializers.CharField()
    outcome_note = serializers.CharField()
    outcome_document = serializers.CharField(
        source="outcome_document.number", allow_null=True, default=None
    )


def _detail(request: Request, case_id: int) -> dict[str, Any]:
    check = checking_selectors.check_get_for_user(request.user, case_id)
    return dict(CheckDetailOutputSerializer(check).data)


def _check(request: Request, case_id: int) -> DocumentCheck:
    return checking_selectors.check_get_for_user(request.user, case_id)


def _document(document_id: int, field: str) -> Document:
    document = Document.objects.select_related("place").filter(pk=document_id).first()
    if document is None:
        raise ValidationFailed(_("Unknown document."), fields={field: _("No such document.")})
    return document


class CheckListApi(APIView):
    """The checks the caller may see, soonest due first, paginated."""

    class FilterSerializer(serializers.Serializer[Any]):
        state = serializers.ChoiceField(choices=[state.code for state in STATES], required=False)
        overdue = serializers.BooleanField(required=False, allow_null=True, default=None)

    @extend_schema(parameters=[FilterSerializer], responses={200: page_of(CheckOutputSerializer)})
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        checks = checking_selectors.check_list_for_user(request.user, **filters.validated_data)
        paginator = StandardPagination()
        page = paginator.paginate_queryset(checks, request, self) or []
        return paginator.get_paginated_response(CheckOutputSerializer(page, many=True).data)


class CheckOpenApi(APIView):
    """Register a document as received for checking by the caller's agency."""

    class InputSerializer(serializers.Serializer[Any]):
        document = serializers.IntegerField(min_value=1)
        received_on = serializers.DateField()
        shortened_procedure = serializers.BooleanField(default=False)

    @extend_schema(request=InputSerializer, responses={201: CheckDetailOutputSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        check = checking.check_open(
            actor=request.user,
            document=_document(values["document"], "document"),
            received_on=values["received_on"],
            shortened_procedure=values["shortened_procedure"],
        )
        return Response(_detail(request, check.case_id), status=status.HTTP_201_CREATED)


class CheckDetailApi(APIView):
    @extend_schema(responses={200: CheckDetailOutputSerializer})
    def get(self, request: Request, case_id: int) -> Response:
        return Response(_detail(request, case_id))


class CheckPrecheckApi(APIView):
    """Run the automatic pre-checks again and store their findings."""

    @extend_schema(request=None, responses={200: CheckDetailOutputSerializer})
    def post(self, request: Request, case_id: int) -> Response:
        checking.check_precheck(actor=request.user, check=_check(request, case_id))
        return Response(_detail(request, case_id))


class FindingInputSerializer(serializers.Serializer[Any]):
    ground = serializers.ChoiceField(choices=FindingGround.choices)
    description = serializers.CharField(max_length=4000)
    provision = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    legal_basis = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default=""
    )


class CheckExamineApi(APIView):
    """Record the officer's findings (lawful, or unlawful in content, competence or form)."""

    class InputSerializer(serializers.Serializer[Any]):
        findings = FindingInputSerializer(many=True, allow_empty=True)

    @extend_schema(request=InputSerializer, responses={200: CheckDetailOutputSerializer})
    def post(self, request: Request, case_id: int) -> Response:
        check = _check(request, case_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        checking.check_examine(
            actor=request.user,
            check=check,
            findings=[checking.FindingData(**item) for item in data.validated_data["findings"]],
        )
        return Response(_detail(request, case_id))


class CheckRequestApi(APIView):
    """Request the issuer to handle the unlawful document."""

    class InputSerializer(serializers.Serializer[Any]):
        request_text = serializers.CharField(max_length=4000, allow_blank=True)

    @extend_schema(request=InputSerializer, responses={200: CheckDetailOutputSerializer})
    def post(self, request: Request, case_id: int) -> Response:
        check = _check(request, case_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        checking.check_request(actor=request.user, check=check, **data.validated_data)
        return Response(_detail(request, case_id))


class CheckOutcomeApi(APIView):
    """Record how the issuer handled the document."""

    class InputSerializer(serializers.Serializer[Any]):
        outcome = serializers.ChoiceField(choices=CheckOutcome.choices)
        note = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
        outcome_document = serializers.IntegerField(required=False, allow_null=True, default=None)

    @extend_schema(request=InputSerializer, responses={200: CheckDetailOutputSerializer})
    def post(self, request: Request, case_id: int) -> Response:
        check = _check(request, case_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        checking.check_record_outcome(
            actor=request.user,
            check=check,
            outcome=values["outcome"],
            note=values["note"],
            outcome_document=_document(values["outcome_document"], "outcome_document")
            if values["outcome_document"] is not None
            else None,
        )
        return Response(_detail(request, case_id))


class CheckCloseApi(APIView):
    @extend_schema(request=None, responses={200: CheckDetailOutputSerializer})
    def post(self, request: Request, case_id: int) -> Response:
        checking.check_close(actor=request.user, check=_check(request, case_id))
        return Response(_detail(request, case_id))


# -- review tasks ---------------------------------------------------------------------------------


class ReviewItemOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    document_id = serializers.IntegerField()
    document_number = serializers.CharField(source="document.number")
    document_title = serializers.CharField(source="document.title")
    reasons = serializers.ListField(child=serializers.CharField())
    status = serializers.CharField()
    note = serializers.CharField()
    reviewed_at = serializers.DateTimeField(allow_null=True)


class ReviewTaskOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    document_id = serializers.IntegerField()
    document_number = serializers.CharField(source="document.number")
    trigger = serializers.CharField()
    triggered_on = serializers.DateField()
    source_document = serializers.CharField(
        source="source_document.number", allow_null=True, default=None
    )
    responsible = serializers.CharField()
    place_id = serializers.IntegerField(allow_null=True)
    item_count = serializers.IntegerField()
    open_count = serializers.IntegerField()
    completed_at = serializers.DateTimeField(allow_null=True)


class ReviewTaskDetailOutputSerializer(ReviewTaskOutputSerializer):
    items = ReviewItemOutputSerializer(many=True, source="items.all")


class ReviewTaskListApi(APIView):
    """Review tasks the caller may see, newest change first, paginated."""

    class FilterSerializer(serializers.Serializer[Any]):
        responsible = serializers.CharField(required=False, max_length=255)
        open_only = serializers.BooleanField(required=False, default=False)

    @extend_schema(
        parameters=[FilterSerializer], responses={200: page_of(ReviewTaskOutputSerializer)}
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        tasks = checking_selectors.review_task_list_for_user(request.user, **filters.validated_data)
        paginator = StandardPagination()
        page = paginator.paginate_queryset(tasks, request, self) or []
        return paginator.get_paginated_response(ReviewTaskOutputSerializer(page, many=True).data)


class ReviewTaskDetailApi(APIView):
    @extend_schema(responses={200: ReviewTaskDetailOutputSerializer})
    def get(self, request: Request, task_id: int) -> Response:
        task = checking_selectors.review_task_get_for_user(request.user, task_id)
        return Response(ReviewTaskDetailOutputSerializer(task).data)


class ReviewItemRecordApi(APIView):
    """Record the result of reviewing one document of a task."""

    class InputSerializer(serializers.Serializer[Any]):
        status = serializers.ChoiceField(choices=ReviewStatus.choices)
        note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses={200: ReviewTaskDetailOutputSerializer})
    def post(self, request: Request, task_id: int, item_id: int) -> Response:
        task = checking_selectors.review_task_get_for_user(request.user, task_id)
        item: ReviewItem | None = next((row for row in task.items.all() if row.pk == item_id), None)
        if item is None:
            raise ValidationFailed(_("Unknown item."), fields={"item": _("No such item.")})
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review.review_item_record(actor=request.user, item=item, **data.validated_data)
        task = checking_selectors.review_task_get_for_user(request.user, task_id)
        return Response(ReviewTaskDetailOutputSerializer(task).data)
