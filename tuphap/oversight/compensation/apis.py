"""The API of the state compensation register under ``/api/v1/oversight/compensation/``: the
same actions as the pages, through the same services."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tuphap.core.errors import ValidationFailed
from tuphap.core.pagination import StandardPagination, page_of
from tuphap.core.tabular import ImportRefused
from tuphap.oversight.compensation import imports, rules, selectors, services
from tuphap.oversight.compensation import workflow as compensation
from tuphap.oversight.compensation.models import CompensationClaim
from tuphap.places.models import AdministrativeUnit


class DamageSerializer(serializers.Serializer[Any]):
    head = serializers.ChoiceField(choices=rules.DamageHead.values)
    claimed = serializers.IntegerField(min_value=0)
    verified = serializers.IntegerField(allow_null=True, required=False)
    decided = serializers.IntegerField(allow_null=True, required=False)


class AdvanceOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    requested_on = serializers.DateField()
    minimum = serializers.IntegerField()
    amount = serializers.IntegerField()
    due_on = serializers.DateField()
    paid_on = serializers.DateField(allow_null=True)
    paid_on_time = serializers.BooleanField(allow_null=True)


class ClaimMoneySerializer(serializers.Serializer[Any]):
    claimed = serializers.IntegerField()
    verified = serializers.IntegerField()
    decided = serializers.IntegerField()
    advanced = serializers.IntegerField()
    paid = serializers.IntegerField()
    owed = serializers.IntegerField()


class ClaimOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="case_id")
    number = serializers.CharField(source="case.display_number")
    state = serializers.CharField(source="case.state")
    state_label = serializers.SerializerMethodField()
    due_at = serializers.DateTimeField(source="case.due_at", allow_null=True)
    paused = serializers.BooleanField(source="case.is_paused")
    agency_id = serializers.IntegerField()
    place_id = serializers.IntegerField(source="case.place_id", allow_null=True)
    claimant_kind = serializers.CharField()
    claimant_name = serializers.CharField()
    injured_name = serializers.CharField()
    sector = serializers.CharField()
    basis_kind = serializers.CharField()
    basis_number = serializers.CharField()
    basis_date = serializers.DateField()
    basis_received_on = serializers.DateField()
    statute_ends_on = serializers.DateField()
    received_on = serializers.DateField()
    accepted_on = serializers.DateField(allow_null=True)
    accepted_on_time = serializers.BooleanField(allow_null=True)
    complex = serializers.BooleanField()
    resolver_id = serializers.IntegerField(allow_null=True)
    decision_number = serializers.CharField()
    decided_on = serializers.DateField(allow_null=True)
    decided_on_time = serializers.BooleanField(allow_null=True)
    effective_on = serializers.DateField(allow_null=True)
    paid_on = serializers.DateField(allow_null=True)
    honour_form = serializers.CharField()
    damages = DamageSerializer(many=True)
    advances = AdvanceOutputSerializer(many=True)
    money = serializers.SerializerMethodField()

    def get_state_label(self, claim: CompensationClaim) -> str:
        return compensation.SPEC.state_label(claim.case.state)

    @extend_schema_field(ClaimMoneySerializer)
    def get_money(self, claim: CompensationClaim) -> dict[str, int]:
        return services.totals(claim)


def _data(request: Request, case_id: int) -> dict[str, Any]:
    return dict(ClaimOutputSerializer(selectors.claim_get_for_user(request.user, case_id)).data)


class ClaimInputSerializer(serializers.Serializer[Any]):
    place = serializers.IntegerField(help_text="id of the claimant's commune")
    claimant_kind = serializers.ChoiceField(choices=rules.ClaimantKind.values)
    claimant_name = serializers.CharField(max_length=200)
    claimant_pin = serializers.RegexField(r"^[0-9]{12}$", required=False)
    claimant_address = serializers.CharField(
        max_length=255, required=False, allow_blank=True, default=""
    )
    injured_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    basis_kind = serializers.ChoiceField(choices=rules.BasisKind.values)
    basis_number = serializers.CharField(max_length=60)
    basis_date = serializers.DateField()
    basis_issuer = serializers.CharField(
        max_length=255, required=False, allow_blank=True, default=""
    )
    basis_received_on = serializers.DateField()
    sector = serializers.ChoiceField(choices=rules.Sector.values)
    unlawful_act = serializers.CharField(max_length=4000)
    received_on = serializers.DateField()
    by_post = serializers.BooleanField(required=False, default=False)
    honour_form = serializers.ChoiceField(
        choices=rules.HonourForm.values, required=False, default=""
    )
    damages = serializers.DictField(
        child=serializers.IntegerField(), help_text="head of damage -> amount claimed, đồng"
    )
    excluded_periods = serializers.ListField(
        child=serializers.ListField(child=serializers.DateField(), min_length=2, max_length=2),
        required=False,
        default=list,
        help_text="[[first day, last day], …] not counted in the statute",
    )


class ClaimListApi(APIView):
    """The compensation claims the caller may see (POST: receive a claim in the caller's
    agency)."""

    class FilterSerializer(serializers.Serializer[Any]):
        state = serializers.ChoiceField(
            choices=[s.code for s in compensation.STATES], required=False
        )

    @extend_schema(parameters=[FilterSerializer], responses={200: page_of(ClaimOutputSerializer)})
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        rows = selectors.visible_claims(request.user).prefetch_related("advances")
        rows = rows.order_by("-case__opened_at", "-case_id")
        if filters.validated_data.get("state"):
            rows = rows.filter(case__state=filters.validated_data["state"])
        paginator = StandardPagination()
        page = paginator.paginate_queryset(rows, request, self)
        return paginator.get_paginated_response(ClaimOutputSerializer(page, many=True).data)

    @extend_schema(request=ClaimInputSerializer, responses={201: ClaimOutputSerializer})
    def post(self, request: Request) -> Response:
        data = ClaimInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        place = AdministrativeUnit.objects.filter(pk=values.pop("place")).first()
        if place is None:
            raise ValidationFailed(_("Unknown place."), fields={"place": _("No such place.")})
        values["excluded_periods"] = tuple(tuple(pair) for pair in values["excluded_periods"])
        claim = services.claim_open(
            actor=request.user, place=place, data=services.ClaimData(**values)
        )
        return Response(_data(request, claim.case_id), status=status.HTTP_201_CREATED)


class ClaimDetailApi(APIView):
    @extend_schema(responses={200: ClaimOutputSerializer})
    def get(self, request: Request, case_id: int) -> Response:
        return Response(_data(request, case_id))


class StepApi(APIView):
    """Any step of the resolution (request_papers, file_complete, accept, refuse,
    assign_resolver, verify, start_negotiation, decide, cancel_decision, request_funding,
    funds_received, notify, pay, terminate, to_court)."""

    class InputSerializer(serializers.Serializer[Any]):
        transition = serializers.ChoiceField(choices=[t.name for t in compensation.TRANSITIONS])
        on = serializers.DateField(required=False, allow_null=True, default=None)
        ground = serializers.CharField(required=False, allow_blank=True, default="")
        reason = serializers.CharField(required=False, allow_blank=True, default="")
        complex = serializers.BooleanField(required=False, default=False)
        resolver_id = serializers.IntegerField(required=False, allow_null=True, default=None)
        amounts = serializers.DictField(
            child=serializers.IntegerField(), required=False, default=dict
        )
        decision_number = serializers.CharField(required=False, allow_blank=True, default="")
        handed_over_on = serializers.DateField(required=False, allow_null=True, default=None)
        agreed = serializers.BooleanField(required=False, default=True)
        ground_arose_on = serializers.DateField(required=False, allow_null=True, default=None)
        court_name = serializers.CharField(required=False, allow_blank=True, default="")
        amount = serializers.IntegerField(required=False, allow_null=True, default=None)

    @extend_schema(request=InputSerializer, responses={200: ClaimOutputSerializer})
    def post(self, request: Request, case_id: int) -> Response:
        claim = selectors.claim_get_for_user(request.user, case_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        transition = values.pop("transition")
        services.claim_step(
            actor=request.user,
            case=claim.case,
            transition=transition,
            data=services.StepData(**values),
        )
        return Response(_data(request, case_id))


class AdvanceApi(APIView):
    class InputSerializer(serializers.Serializer[Any]):
        requested_on = serializers.DateField()
        mental = serializers.IntegerField()
        computable = serializers.IntegerField()
        amount = serializers.IntegerField()

    @extend_schema(request=InputSerializer, responses={201: ClaimOutputSerializer})
    def post(self, request: Request, case_id: int) -> Response:
        claim = selectors.claim_get_for_user(request.user, case_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.advance_request(actor=request.user, case=claim.case, **data.validated_data)
        return Response(_data(request, case_id), status=status.HTTP_201_CREATED)


class CompensationImportSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(
        help_text="CSV or XLSX, one row a claim (the import page's columns)"
    )
    dry_run = serializers.BooleanField(
        required=False, default=False, help_text="Only check the file; write nothing"
    )


class CompensationImportResultSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField(help_text="claims received (or that would be, for a dry run)")
    claimed = serializers.IntegerField(help_text="the amounts claimed, all heads, whole đồng")
    dry_run = serializers.BooleanField()


class ClaimImportApi(APIView):
    """Receive compensation claims from a CSV or XLSX file, all or nothing: 200 with the count,
    or 400 in the one error shape with every bad row under ``fields`` as
    ``rows.<line>.<column>`` (the reason; only an amount refused is quoted, no other cell)."""

    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": CompensationImportSerializer},
        responses={200: CompensationImportResultSerializer},
    )
    def post(self, request: Request) -> Response:
        data = CompensationImportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"upload{suffix}"
            with path.open("wb") as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
            try:
                result = imports.import_file(
                    path, actor=request.user, dry_run=data.validated_data["dry_run"]
                )
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
        return Response(
            {"count": result.claims, "claimed": result.claimed, "dry_run": result.dry_run}
        )
