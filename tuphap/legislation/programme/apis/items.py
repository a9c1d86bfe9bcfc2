"""The law-making programme and appraisal API: ``/api/v1/legislation/programme/…`` (the year's
programme and its items) and ``/api/v1/legislation/drafts/…`` (proposals and drafts: list,
open, read, one endpoint per step). Errors have the API's one shape; a step not allowed in the
dossier's state is 409."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tuphap.accounts.models import Agency
from tuphap.core.errors import ValidationFailed
from tuphap.core.pagination import StandardPagination, page_of
from tuphap.legislation.documents.models import Document
from tuphap.legislation.programme import selectors, workflow
from tuphap.legislation.programme.models import ItemKind, ItemStatus
from tuphap.legislation.programme.services import items as services_programme

REGISTERS = {"proposal": workflow.PROPOSAL, "draft": workflow.DRAFT}


def _agency(agency_id: int | None, field: str) -> Agency | None:
    if agency_id is None:
        return None
    agency = Agency.objects.filter(pk=agency_id).first()
    if agency is None:
        message = _("No such agency.")
        raise ValidationFailed(message, fields={field: message})
    return agency


def required_agency(agency_id: int, field: str) -> Agency:
    agency = _agency(agency_id, field)
    assert agency is not None  # noqa: S101 - _agency refuses an unknown id
    return agency


def _document(document_id: int | None) -> Document | None:
    if document_id is None:
        return None
    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        message = _("No such document.")
        raise ValidationFailed(message, fields={"document": message})
    return document


class AgencyRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class DocumentRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    number = serializers.CharField()


# -- the programme -------------------------------------------------------------------------------


class ProgrammeOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    resolution = serializers.CharField()
    adopted_on = serializers.DateField()


class ProgrammeItemOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    year = serializers.IntegerField(source="programme.year")
    title = serializers.CharField()
    kind = serializers.CharField()
    lead_agency = AgencyRefSerializer()
    legislature = serializers.IntegerField()
    session = serializers.IntegerField()
    planned_month = serializers.IntegerField()
    session_label = serializers.CharField()
    status = serializers.CharField()
    status_reason = serializers.CharField()
    decision_reference = serializers.CharField()
    document = DocumentRefSerializer(allow_null=True)
    overdue_appraisal = serializers.SerializerMethodField()

    def get_overdue_appraisal(self, item: Any) -> bool:
        return item.pk in self.context.get("overdue", set())


class ProgrammeItemEventSerializer(serializers.Serializer[Any]):
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    occurred_on = serializers.DateField()
    reason = serializers.CharField()
    decision_reference = serializers.CharField()
    actor = serializers.CharField(source="actor.username", allow_null=True, default=None)


class ProgrammeListApi(APIView):
    """The recorded programmes, latest year first."""

    @extend_schema(responses={200: page_of(ProgrammeOutputSerializer)})
    def get(self, request: Request) -> Response:
        paginator = StandardPagination()
        page = paginator.paginate_queryset(selectors.programme_list(request.user), request, self)
        return paginator.get_paginated_response(ProgrammeOutputSerializer(page, many=True).data)


class ProgrammeCreateApi(APIView):
    """Record a year's programme and its adopting resolution."""

    class InputSerializer(serializers.Serializer[Any]):
        year = serializers.IntegerField()
        resolution = serializers.CharField(max_length=120)
        adopted_on = serializers.DateField()

    @extend_schema(request=InputSerializer, responses={201: ProgrammeOutputSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        programme = services_programme.programme_create(actor=request.user, **data.validated_data)
        return Response(ProgrammeOutputSerializer(programme).data, status=status.HTTP_201_CREATED)


class ProgrammeItemListApi(APIView):
    """A year's items, by planned month, with whether an appraisal of theirs is overdue."""

    @extend_schema(responses={200: page_of(ProgrammeItemOutputSerializer)})
    def get(self, request: Request, year: int) -> Response:
        programme = selectors.programme_get(request.user, year=year)
        paginator = StandardPagination()
        page = paginator.paginate_queryset(selectors.item_list(programme), request, self)
        context = {"overdue": selectors.items_with_overdue_appraisal(programme)}
        return paginator.get_paginated_response(
            ProgrammeItemOutputSerializer(page, many=True, context=context).data
        )


class ProgrammeItemAddApi(APIView):
    """Add a law, ordinance or resolution to a year's programme."""

    class InputSerializer(serializers.Serializer[Any]):
        title = serializers.CharField(max_length=500)
        kind = serializers.ChoiceField(choices=ItemKind.choices)
        lead_agency = serializers.IntegerField()
        legislature = serializers.IntegerField()
        session = serializers.IntegerField()
        planned_month = serializers.IntegerField()

    @extend_schema(request=InputSerializer, responses={201: ProgrammeItemOutputSerializer})
    def post(self, request: Request, year: int) -> Response:
        programme = selectors.programme_get(request.user, year=year)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        item = services_programme.item_add(
            actor=request.user,
            programme=programme,
            lead_agency=required_agency(values.pop("lead_agency"), "lead_agency"),
            **values,
        )
        return Response(ProgrammeItemOutputSerializer(item).data, status=status.HTTP_201_CREATED)


def _item_data(request: Request, item_id: int) -> dict[str, Any]:
    item = selectors.item_get(request.user, item_id=item_id)
    data = dict(
        ProgrammeItemOutputSerializer(
            item, context={"overdue": selectors.items_with_overdue_appraisal(item.programme)}
        ).data
    )
    data["events"] = ProgrammeItemEventSerializer(item.events.all(), many=True).data
    return data


class ProgrammeItemDetailOutputSerializer(ProgrammeItemOutputSerializer):
    events = ProgrammeItemEventSerializer(many=True)


class ProgrammeItemDetailApi(APIView):
    @extend_schema(responses={200: ProgrammeItemDetailOutputSerializer})
    def get(self, request: Request, item_id: int) -> Response:
        return Response(_item_data(request, item_id))


class ItemStatusChangeSerializer(serializers.Serializer[Any]):
    on = serializers.DateField()
    reason = serializers.CharField(max_length=500, allow_blank=True)
    decision_reference = serializers.CharField(max_length=120, allow_blank=True)


class ProgrammeItemPostponeApi(APIView):
    """Postpone the item, with its reason and the decision."""

    InputSerializer = ItemStatusChangeSerializer

    @extend_schema(
        request=ItemStatusChangeSerializer, responses={200: ProgrammeItemDetailOutputSerializer}
    )
    def post(self, request: Request, item_id: int) -> Response:
        item = selectors.item_get(request.user, item_id=item_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services_programme.item_postpone(actor=request.user, item=item, **data.validated_data)
        return Response(_item_data(request, item_id))


class ProgrammeItemWithdrawApi(APIView):
    """Withdraw the item, with its reason and the decision."""

    InputSerializer = ItemStatusChangeSerializer

    @extend_schema(
        request=ItemStatusChangeSerializer, responses={200: ProgrammeItemDetailOutputSerializer}
    )
    def post(self, request: Request, item_id: int) -> Response:
        item = selectors.item_get(request.user, item_id=item_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services_programme.item_withdraw(actor=request.user, item=item, **data.validated_data)
        return Response(_item_data(request, item_id))


class ProgrammeItemProgressApi(APIView):
    """Mark the item in progress or submitted."""

    class InputSerializer(serializers.Serializer[Any]):
        status = serializers.ChoiceField(
            choices=[ItemStatus.IN_PROGRESS.value, ItemStatus.SUBMITTED.value]
        )
        on = serializers.DateField()

    @extend_schema(request=InputSerializer, responses={200: ProgrammeItemDetailOutputSerializer})
    def post(self, request: Request, item_id: int) -> Response:
        item = selectors.item_get(request.user, item_id=item_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services_programme.item_set_progress(actor=request.user, item=item, **data.validated_data)
        return Response(_item_data(request, item_id))


class ProgrammeItemAdoptApi(APIView):
    """Mark the submitted item adopted, linking the registered document."""

    class InputSerializer(serializers.Serializer[Any]):
        document = serializers.IntegerField()

    @extend_schema(request=InputSerializer, responses={200: ProgrammeItemDetailOutputSerializer})
    def post(self, request: Request, item_id: int) -> Response:
        item = selectors.item_get(request.user, item_id=item_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        document = _document(data.validated_data["document"])
        assert document is not None  # noqa: S101 - an id is required by the serializer
        services_programme.item_mark_adopted(actor=request.user, item=item, document=document)
        return Response(_item_data(request, item_id))
