"""``/api/v1/legislation/drafts/…``: proposals and drafts (list, open, read) and one endpoint
per step of their appraisal. A step not allowed in the dossier's state is 409 with the one
error shape; bad input is 400 naming the field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tuphap.casework import selectors as case_selectors
from tuphap.casework.apis import (
    CaseActionOutputSerializer,
    CaseOutputSerializer,
    TransitionOutputSerializer,
    case_detail_data,
)
from tuphap.core.errors import ValidationFailed
from tuphap.core.pagination import StandardPagination, page_of
from tuphap.legislation.documents.models import DocumentType
from tuphap.legislation.programme import selectors, workflow
from tuphap.legislation.programme.apis.items import (
    REGISTERS,
    AgencyRefSerializer,
    DocumentRefSerializer,
    _agency,
    _document,
    required_agency,
)
from tuphap.legislation.programme.models import Conclusion, ProgrammeItem
from tuphap.legislation.programme.services import appraisal as services


class DossierOutputSerializer(serializers.Serializer[Any]):
    case = CaseOutputSerializer()
    kind = serializers.SerializerMethodField()
    title = serializers.CharField()
    doc_type = serializers.CharField()
    drafting_agency = AgencyRefSerializer()
    appraising_unit = AgencyRefSerializer()
    item = serializers.IntegerField(source="item_id", allow_null=True)
    received_on = serializers.DateField()
    appraisal_requested_on = serializers.DateField(allow_null=True)
    report_reference = serializers.CharField()
    report_on = serializers.DateField(allow_null=True)
    conclusion = serializers.CharField()
    appraised_on_time = serializers.BooleanField(allow_null=True)
    submission_reference = serializers.CharField()
    submitted_on = serializers.DateField(allow_null=True)
    adopted_on = serializers.DateField(allow_null=True)
    withdrawal_reason = serializers.CharField()
    document = DocumentRefSerializer(allow_null=True, default=None)
    published_on = serializers.DateField(allow_null=True, default=None)
    publication = serializers.CharField(default="")

    def get_kind(self, detail: Any) -> str:
        return "draft" if hasattr(detail, "published_on") else "proposal"


class DossierDetailOutputSerializer(DossierOutputSerializer):
    timeline = CaseActionOutputSerializer(many=True)
    transitions = TransitionOutputSerializer(many=True)


def _detail_data(request: Request, case_id: int) -> dict[str, Any]:
    detail = selectors.dossier_get_for_user(request.user, case_id=case_id)
    data = dict(DossierOutputSerializer(detail).data)
    engine = case_detail_data(detail.case, request.user)
    data["timeline"] = engine["timeline"]
    data["transitions"] = engine["transitions"]
    return data


class DossierListApi(APIView):
    """Proposals and drafts the caller may see, paginated."""

    class FilterSerializer(serializers.Serializer[Any]):
        kind = serializers.ChoiceField(choices=list(REGISTERS), required=False)
        state = serializers.ChoiceField(
            choices=sorted(
                {
                    s.code
                    for spec in (workflow.PROPOSAL_SPEC, workflow.DRAFT_SPEC)
                    for s in spec.states
                }
            ),
            required=False,
        )
        overdue = serializers.BooleanField(required=False, allow_null=True, default=None)
        ordering = serializers.ChoiceField(
            choices=list(case_selectors.ORDERINGS), default="-opened_at"
        )

    @extend_schema(parameters=[FilterSerializer], responses={200: page_of(DossierOutputSerializer)})
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        params = dict(filters.validated_data)
        kind = params.pop("kind", None)
        cases = selectors.dossier_list_for_user(
            request.user, register=REGISTERS[kind] if kind else None, **params
        )
        paginator = StandardPagination()
        page = paginator.paginate_queryset(cases, request, self) or []
        details = []
        for case in page:
            detail = selectors.detail_of(case)
            detail.case = case
            details.append(detail)
        return paginator.get_paginated_response(DossierOutputSerializer(details, many=True).data)


class DossierOpenApi(APIView):
    """Open a proposal or a draft in the caller's unit (or the appraising unit named)."""

    class InputSerializer(serializers.Serializer[Any]):
        kind = serializers.ChoiceField(choices=list(REGISTERS))
        title = serializers.CharField(max_length=500)
        doc_type = serializers.ChoiceField(choices=DocumentType.choices)
        drafting_agency = serializers.IntegerField()
        appraising_unit = serializers.IntegerField(required=False, allow_null=True, default=None)
        item = serializers.IntegerField(required=False, allow_null=True, default=None)
        received_on = serializers.DateField()

    @extend_schema(request=InputSerializer, responses={201: DossierDetailOutputSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        item = None
        if values["item"] is not None:
            item = ProgrammeItem.objects.filter(pk=values["item"]).first()
            if item is None:
                message = _("No such programme item.")
                raise ValidationFailed(message, fields={"item": message})
        drafting = required_agency(values["drafting_agency"], "drafting_agency")
        detail = services.dossier_open(
            actor=request.user,
            register=REGISTERS[values["kind"]],
            title=values["title"],
            doc_type=values["doc_type"],
            drafting_agency=drafting,
            appraising_unit=_agency(values["appraising_unit"], "appraising_unit"),
            item=item,
            received_on=values["received_on"],
        )
        return Response(_detail_data(request, detail.pk), status=status.HTTP_201_CREATED)


class DossierDetailApi(APIView):
    """One proposal or draft with its journal and the steps the caller may take now."""

    @extend_schema(responses={200: DossierDetailOutputSerializer})
    def get(self, request: Request, case_id: int) -> Response:
        return Response(_detail_data(request, case_id))


class AppraisalsDueApi(APIView):
    """Dossiers awaiting the caller's unit's appraisal report, earliest due first."""

    class OutputSerializer(DossierOutputSerializer):
        overdue = serializers.BooleanField()

    @extend_schema(responses={200: page_of(OutputSerializer)})
    def get(self, request: Request) -> Response:
        rows = []
        for row in selectors.appraisals_due_for_user(request.user):
            data = dict(DossierOutputSerializer(row.detail).data)
            data["overdue"] = row.overdue
            rows.append(data)
        paginator = StandardPagination()
        page: list[dict[str, Any]] | None = paginator.paginate_queryset(
            rows,  # type: ignore[arg-type]  # a list pages like a queryset
            request,
            self,
        )
        return paginator.get_paginated_response(page)


# -- one endpoint per step -----------------------------------------------------------------------

Step = Callable[[Any, Any, dict[str, Any]], Any]


class _StepApi(APIView):
    """Parse the input, load the dossier through the selector, call the step's service."""

    InputSerializer: type[serializers.Serializer[Any]]

    def step(self, actor: Any, detail: Any, values: dict[str, Any]) -> Any:
        raise NotImplementedError

    def post(self, request: Request, case_id: int) -> Response:
        detail = selectors.dossier_get_for_user(request.user, case_id=case_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        self.step(request.user, detail, dict(data.validated_data))
        return Response(_detail_data(request, case_id))


class DossierRequestAppraisalApi(_StepApi):
    """The full dossier reached the appraising unit: the appraisal period starts."""

    class InputSerializer(serializers.Serializer[Any]):
        requested_on = serializers.DateField(required=False, allow_null=True, default=None)

    def step(self, actor: Any, detail: Any, values: dict[str, Any]) -> Any:
        return services.dossier_request_appraisal(actor=actor, detail=detail, **values)

    @extend_schema(request=InputSerializer, responses={200: DossierDetailOutputSerializer})
    def post(self, request: Request, case_id: int) -> Response:
        return super().post(request, case_id)


class DossierReturnApi(_StepApi):
    """Return an incomplete dossier for completion."""

    class InputSerializer(serializers.Serializer[Any]):
        reason = serializers.CharField(max_length=500, allow_blank=True)
        returned_on = serializers.DateField(required=False, allow_null=True, default=None)

    def step(self, actor: Any, detail: Any, values: dict[str, Any]) -> Any:
        return services.dossier_return(actor=actor, detail=detail, **values)

    @extend_schema(request=InputSerializer, responses={200: DossierDetailOutputSerializer})
    def post(self, request: Request, case_id: int) -> Response:
        return super().post(request, case_id)


class DossierAppraisalApi(_StepApi):
    """Record the appraisal report: number, date, conclusion."""

    class InputSerializer(serializers.Serializer[Any]):
        report_reference = serializers.CharField(max_length=120, allow_blank=True)
        conclusion = serializers.ChoiceField(choices=Conclusion.choices)
        report_on = serializers.DateField(required=False, allow_null=True, default=None)

    def step(self, actor: Any, detail: Any, values: dict[str, Any]) -> Any:
        return services.dossier_record_appraisal(actor=actor, detail=detail, **values)

    @extend_schema(request=InputSerializer, responses={200: DossierDetailOutputSerializer})
    def post(self, request: Request, case_id: int) -> Response:
        return super().post(request, case_id)


class DossierSubmitApi(_StepApi):
    """Submit a dossier the appraisal found eligible."""

    class InputSerializer(serializers.Serializer[Any]):
        submission_reference = serializers.CharField(max_length=120, allow_blank=True)
        submitted_on = serializers.DateField(required=False, allow_null=True, default=None)

    def step(self, actor: Any, detail: Any, values: dict[str, Any]) -> Any:
        return services.dossier_submit(actor=actor, detail=detail, **values)

    @extend_schema(request=InputSerializer, responses={200: DossierDetailOutputSerializer})
    def post(self, request: Request, case_id: int) -> Response:
        return super().post(request, case_id)


class DocumentDataSerializer(serializers.Serializer[Any]):
    number = serializers.CharField(max_length=60)
    issuer = serializers.CharField(max_length=255)
    signer = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    signed_on = serializers.DateField()
    effective_on = serializers.DateField()
    text = serializers.CharField()


class DossierAdoptApi(_StepApi):
    """Record adoption or promulgation: for a draft, link the registered document (``document``)
    or register it here (``new_document``)."""

    class InputSerializer(serializers.Serializer[Any]):
        adopted_on = serializers.DateField(required=False, allow_null=True, default=None)
        document = serializers.IntegerField(required=False, allow_null=True, default=None)
        new_document = DocumentDataSerializer(required=False, allow_null=True, default=None)

    def step(self, actor: Any, detail: Any, values: dict[str, Any]) -> Any:
        new = values["new_document"]
        return services.dossier_adopt(
            actor=actor,
            detail=detail,
            adopted_on=values["adopted_on"],
            document=_document(values["document"]),
            document_data=services.DocumentData(**new) if new else None,
        )

    @extend_schema(request=InputSerializer, responses={200: DossierDetailOutputSerializer})
    def post(self, request: Request, case_id: int) -> Response:
        return super().post(request, case_id)


class DraftPublishApi(_StepApi):
    """Record the publication of the promulgated document."""

    class InputSerializer(serializers.Serializer[Any]):
        published_on = serializers.DateField()
        publication = serializers.CharField(max_length=200, allow_blank=True)

    def step(self, actor: Any, detail: Any, values: dict[str, Any]) -> Any:
        return services.draft_publish(actor=actor, draft=detail, **values)

    @extend_schema(request=InputSerializer, responses={200: DossierDetailOutputSerializer})
    def post(self, request: Request, case_id: int) -> Response:
        return super().post(request, case_id)


class DossierPostponeApi(_StepApi):
    """Postpone the dossier with its reason and decision (the appraisal clock stands still)."""

    class InputSerializer(serializers.Serializer[Any]):
        reason = serializers.CharField(max_length=500, allow_blank=True)
        decision_reference = serializers.CharField(max_length=120, allow_blank=True)
        postponed_on = serializers.DateField(required=False, allow_null=True, default=None)

    def step(self, actor: Any, detail: Any, values: dict[str, Any]) -> Any:
        return services.dossier_postpone(actor=actor, detail=detail, **values)

    @extend_schema(request=InputSerializer, responses={200: DossierDetailOutputSerializer})
    def post(self, request: Request, case_id: int) -> Response:
        return super().post(request, case_id)


class DossierResumeApi(_StepApi):
    """Resume a postponed dossier where it stood."""

    class InputSerializer(serializers.Serializer[Any]):
        resumed_on = serializers.DateField(required=False, allow_null=True, default=None)

    def step(self, actor: Any, detail: Any, values: dict[str, Any]) -> Any:
        return services.dossier_resume(actor=actor, detail=detail, **values)

    @extend_schema(request=InputSerializer, responses={200: DossierDetailOutputSerializer})
    def post(self, request: Request, case_id: int) -> Response:
        return super().post(request, case_id)


class DossierWithdrawApi(_StepApi):
    """Withdraw the dossier for good, with its reason and decision."""

    class InputSerializer(serializers.Serializer[Any]):
        reason = serializers.CharField(max_length=500, allow_blank=True)
        decision_reference = serializers.CharField(max_length=120, allow_blank=True)
        withdrawn_on = serializers.DateField(required=False, allow_null=True, default=None)

    def step(self, actor: Any, detail: Any, values: dict[str, Any]) -> Any:
        return services.dossier_withdraw(actor=actor, detail=detail, **values)

    @extend_schema(request=InputSerializer, responses={200: DossierDetailOutputSerializer})
    def post(self, request: Request, case_id: int) -> Response:
        return super().post(request, case_id)
