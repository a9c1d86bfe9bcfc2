"""The complaint register's API under ``/api/v1/oversight/complaints/``: the same actions as the
pages, through the same services."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tuphap.core.errors import ValidationFailed
from tuphap.core.pagination import StandardPagination, page_of
from tuphap.core.tabular import ImportRefused
from tuphap.oversight.complaints import actions, imports, rules, selectors, services
from tuphap.oversight.complaints import workflow as flow
from tuphap.oversight.complaints.models import Complaint
from tuphap.places.models import AdministrativeUnit


class ComplainantSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    full_name = serializers.CharField()
    representative = serializers.BooleanField()
    withdrawn_on = serializers.DateField(allow_null=True)


class ComplaintOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="case_id")
    number = serializers.CharField(source="case.display_number")
    state = serializers.CharField(source="case.state")
    state_label = serializers.SerializerMethodField()
    rule_set = serializers.CharField(source="case.rule_set")
    agency_id = serializers.IntegerField()
    place_id = serializers.IntegerField(source="case.place_id", allow_null=True)
    letter_id = serializers.IntegerField(allow_null=True)
    subject = serializers.CharField()
    act_kind = serializers.CharField()
    regime = serializers.CharField()
    thads_act = serializers.CharField()
    act_description = serializers.CharField()
    respondent = serializers.CharField()
    known_on = serializers.DateField()
    received_on = serializers.DateField()
    statute_ends_on = serializers.DateField()
    remote = serializers.BooleanField()
    instance = serializers.CharField()
    accept_due_on = serializers.DateField(allow_null=True)
    accepted_on = serializers.DateField(allow_null=True)
    accepted_on_time = serializers.BooleanField(allow_null=True)
    not_accepted_ground = serializers.CharField()
    complex_first = serializers.BooleanField()
    complex_second = serializers.BooleanField()
    first_due_on = serializers.DateField(allow_null=True)
    first_decided_on = serializers.DateField(allow_null=True)
    first_decision_number = serializers.CharField()
    first_outcome = serializers.CharField()
    first_on_time = serializers.BooleanField(allow_null=True)
    window_ends_on = serializers.DateField(allow_null=True)
    second_received_on = serializers.DateField(allow_null=True)
    second_accepted_on = serializers.DateField(allow_null=True)
    second_due_on = serializers.DateField(allow_null=True)
    second_decided_on = serializers.DateField(allow_null=True)
    second_outcome = serializers.CharField()
    second_on_time = serializers.BooleanField(allow_null=True)
    effective_on = serializers.DateField(allow_null=True)
    enforced_on = serializers.DateField(allow_null=True)
    suspended_on = serializers.DateField(allow_null=True)
    continued_on = serializers.DateField(allow_null=True)
    money_restored = serializers.IntegerField()
    due_at = serializers.DateTimeField(source="case.due_at", allow_null=True)

    def get_state_label(self, detail: Complaint) -> str:
        return flow.SPEC.state_label(detail.case.state)


class ComplaintDetailSerializer(ComplaintOutputSerializer):
    content = serializers.CharField()
    complainants = serializers.SerializerMethodField()

    def get_complainants(self, detail: Complaint) -> list[dict[str, Any]]:
        return [
            dict(ComplainantSerializer(person).data)
            for person in detail.complainants.order_by("position")
        ]


def _detail(request: Request, case_id: int) -> dict[str, Any]:
    return dict(
        ComplaintDetailSerializer(selectors.detail_get_for_user(request.user, case_id)).data
    )


def list_page(
    view: APIView,
    request: Request,
    filters: type[serializers.Serializer[Any]],
    search: Callable[[Any, str, str], Any],
    output: type[serializers.Serializer[Any]],
) -> Response:
    """A register's list: its rows found by ``q`` and ``state`` (checked by ``filters``), a page
    of ``output`` (the denunciations' list uses it too)."""
    given = filters(data=request.query_params)
    given.is_valid(raise_exception=True)
    rows = search(
        request.user, given.validated_data.get("q", ""), given.validated_data.get("state", "")
    )
    paginator = StandardPagination()
    page = paginator.paginate_queryset(rows, request, view)
    return paginator.get_paginated_response(output(page, many=True).data)


def place_of(pk: int) -> AdministrativeUnit:
    """The administrative unit ``pk`` of a request, or the field's error."""
    place = AdministrativeUnit.objects.filter(pk=pk).first()
    if place is None:
        raise ValidationFailed(_("Unknown place."), fields={"place": _("No such place.")})
    return place


class ComplainantInput(serializers.Serializer[Any]):
    full_name = serializers.CharField(max_length=200)
    pin = serializers.RegexField(r"^[0-9]{12}$", required=False)
    address = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    representative = serializers.BooleanField(required=False, default=False)


class ComplaintListApi(APIView):
    """The complaints the caller may see (POST: receive a complaint in the caller's agency)."""

    class FilterSerializer(serializers.Serializer[Any]):
        state = serializers.ChoiceField(choices=[s.code for s in flow.STATES], required=False)
        q = serializers.CharField(required=False, allow_blank=True)

    class InputSerializer(serializers.Serializer[Any]):
        place = serializers.IntegerField(help_text="id of the administrative unit")
        subject = serializers.CharField(max_length=255)
        content = serializers.CharField(max_length=8000)
        act_kind = serializers.ChoiceField(choices=rules.ActKind.values)
        regime = serializers.ChoiceField(
            choices=rules.Regime.values, required=False, default=rules.Regime.GENERAL
        )
        thads_act = serializers.ChoiceField(
            choices=rules.ThadsAct.values, required=False, allow_blank=True, default=""
        )
        act_description = serializers.CharField(max_length=300)
        respondent = serializers.CharField(max_length=255)
        known_on = serializers.DateField()
        received_on = serializers.DateField()
        letter = serializers.IntegerField(required=False, allow_null=True, default=None)
        complainants = ComplainantInput(many=True, required=False, default=list)

    @extend_schema(
        parameters=[FilterSerializer], responses={200: page_of(ComplaintOutputSerializer)}
    )
    def get(self, request: Request) -> Response:
        return list_page(
            self, request, self.FilterSerializer, selectors.search, ComplaintOutputSerializer
        )

    @extend_schema(request=InputSerializer, responses={201: ComplaintDetailSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        place = place_of(values.pop("place"))
        people = tuple(services.ComplainantData(**dict(p)) for p in values.pop("complainants"))
        detail = services.complaint_open(
            actor=request.user,
            place=place,
            data=services.ComplaintData(
                subject=values["subject"],
                content=values["content"],
                act_kind=values["act_kind"],
                regime=values["regime"],
                thads_act=values["thads_act"],
                act_description=values["act_description"],
                respondent=values["respondent"],
                known_on=values["known_on"],
                received_on=values["received_on"],
                letter_id=values.get("letter"),
                complainants=people,
            ),
        )
        return Response(_detail(request, detail.case_id), status=status.HTTP_201_CREATED)


class ComplaintDetailApi(APIView):
    @extend_schema(responses={200: ComplaintDetailSerializer})
    def get(self, request: Request, case_id: int) -> Response:
        return Response(_detail(request, case_id))


ACTIONS = actions.ACTIONS


class ComplaintActionApi(APIView):
    """One step of the complaint: ``action`` and the fields it needs (``on`` is the date of the
    step, today when absent)."""

    class InputSerializer(serializers.Serializer[Any]):
        action = serializers.ChoiceField(choices=ACTIONS)
        on = serializers.DateField(required=False, allow_null=True, default=None)
        ground = serializers.CharField(max_length=24, required=False, allow_blank=True, default="")
        reason = serializers.CharField(
            max_length=4000, required=False, allow_blank=True, default=""
        )
        statute_excuse = serializers.CharField(
            max_length=2000, required=False, allow_blank=True, default=""
        )
        criteria = serializers.ListField(
            child=serializers.CharField(max_length=30), required=False, default=list
        )
        document_number = serializers.CharField(
            max_length=60, required=False, allow_blank=True, default=""
        )
        number = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
        outcome = serializers.CharField(max_length=14, required=False, allow_blank=True, default="")
        money_restored = serializers.IntegerField(min_value=0, required=False, default=0)
        rights_restored = serializers.IntegerField(min_value=0, required=False, default=0)
        complainant_ids = serializers.ListField(
            child=serializers.IntegerField(), required=False, allow_null=True, default=None
        )

    @extend_schema(request=InputSerializer, responses={200: ComplaintDetailSerializer})
    def post(self, request: Request, case_id: int) -> Response:
        detail = selectors.detail_get_for_user(request.user, case_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        actions.run(request.user, detail.case_id, dict(data.validated_data))
        return Response(_detail(request, case_id))


class ComplaintImportSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(help_text="CSV or XLSX, one row a complaint")
    dry_run = serializers.BooleanField(
        required=False, default=False, help_text="Only check the file; write nothing"
    )


class ComplaintImportResultSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField(help_text="rows received (or that would be, for a dry run)")
    dry_run = serializers.BooleanField()


def import_upload(
    request: Request, serializer: type[serializers.Serializer[Any]], run: Any
) -> Response:
    """Run an import of the uploaded file: 200 with the count, or 400 in the one error shape with
    every bad row under ``fields`` as ``rows.<line>.<column>`` (the reason only, never a cell's
    value); nothing is written when one row is bad."""
    data = serializer(data=request.data)
    data.is_valid(raise_exception=True)
    upload = data.validated_data["file"]
    suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        try:
            result = run(path, actor=request.user, dry_run=data.validated_data["dry_run"])
        except ImportRefused as refused:
            fields: dict[str, list[str]] = {}
            for error in refused.errors:
                fields.setdefault(f"rows.{error.line}.{error.column or 'row'}", []).append(
                    error.reason
                )
            raise ValidationFailed(
                _("%(count)d errors: nothing was imported.") % {"count": len(refused.errors)},
                fields=fields,
            ) from None
    return Response({"count": result.count, "dry_run": result.dry_run})


class ComplaintImportApi(APIView):
    """Receive complaints from a CSV or XLSX file (the import page's columns), all or nothing."""

    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": ComplaintImportSerializer},
        responses={200: ComplaintImportResultSerializer},
    )
    def post(self, request: Request) -> Response:
        return import_upload(request, ComplaintImportSerializer, imports.import_file)
