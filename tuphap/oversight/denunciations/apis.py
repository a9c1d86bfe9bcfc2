"""The denunciation register's API under ``/api/v1/oversight/denunciations/``. The list and the
detail never carry the denouncer; ``…/denouncers`` answers the resolver and the users given the
right (each read audited) and 403 to anyone else."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tuphap.core.pagination import page_of
from tuphap.oversight.complaints import apis as complaint_apis
from tuphap.oversight.denunciations import actions, imports, rules, selectors, services
from tuphap.oversight.denunciations import workflow as flow
from tuphap.oversight.denunciations.models import Denunciation


class DenunciationOutputSerializer(serializers.Serializer[Any]):
    """A denunciation without its denouncer."""

    id = serializers.IntegerField(source="case_id")
    number = serializers.CharField(source="case.display_number")
    state = serializers.CharField(source="case.state")
    state_label = serializers.SerializerMethodField()
    agency_id = serializers.IntegerField()
    place_id = serializers.IntegerField(source="case.place_id", allow_null=True)
    subject = serializers.CharField()
    field = serializers.CharField()
    denounced_name = serializers.CharField()
    denounced_position = serializers.CharField()
    received_on = serializers.DateField()
    several_sites = serializers.BooleanField()
    check_due_on = serializers.DateField()
    transfer_due_on = serializers.DateField()
    transferred_on = serializers.DateField(allow_null=True)
    transferred_to_name = serializers.CharField()
    transferred_on_time = serializers.BooleanField(allow_null=True)
    accepted_on = serializers.DateField(allow_null=True)
    complexity = serializers.CharField()
    resolution_due_on = serializers.DateField(allow_null=True)
    concluded_on = serializers.DateField(allow_null=True)
    outcome = serializers.CharField()
    concluded_on_time = serializers.BooleanField(allow_null=True)
    handled_on = serializers.DateField(allow_null=True)
    withdrawn_on = serializers.DateField(allow_null=True)
    violation_suspected = serializers.BooleanField()
    terminated_on = serializers.DateField(allow_null=True)
    termination_ground = serializers.CharField()
    due_at = serializers.DateTimeField(source="case.due_at", allow_null=True)
    # Set while the resolution is suspended: the clock stands still (Art. 34(2)).
    paused_at = serializers.DateTimeField(source="case.paused_at", allow_null=True)

    def get_state_label(self, detail: Denunciation) -> str:
        return flow.SPEC.state_label(detail.case.state)


class DenunciationDetailSerializer(DenunciationOutputSerializer):
    content = serializers.CharField()
    check_note = serializers.CharField()
    handling = serializers.CharField()
    money_recovered = serializers.IntegerField()


class DenouncerSerializer(serializers.Serializer[Any]):
    position = serializers.IntegerField()
    full_name = serializers.CharField()
    pin = serializers.CharField()
    address = serializers.CharField()
    phone = serializers.CharField()


def _detail(request: Request, case_id: int) -> dict[str, Any]:
    return dict(
        DenunciationDetailSerializer(selectors.detail_get_for_user(request.user, case_id)).data
    )


class DenouncerInput(serializers.Serializer[Any]):
    full_name = serializers.CharField(max_length=200)
    pin = serializers.RegexField(r"^[0-9]{12}$", required=False)
    address = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")


class DenunciationListApi(APIView):
    """The denunciations the caller may see (POST: receive one in the caller's agency)."""

    class FilterSerializer(serializers.Serializer[Any]):
        state = serializers.ChoiceField(choices=[s.code for s in flow.STATES], required=False)
        q = serializers.CharField(required=False, allow_blank=True)

    class InputSerializer(serializers.Serializer[Any]):
        place = serializers.IntegerField(help_text="id of the administrative unit")
        subject = serializers.CharField(max_length=255)
        content = serializers.CharField(max_length=8000)
        field = serializers.ChoiceField(choices=rules.Field.values)
        denounced_name = serializers.CharField(max_length=255)
        denounced_position = serializers.CharField(
            max_length=255, required=False, allow_blank=True, default=""
        )
        received_on = serializers.DateField()
        several_sites = serializers.BooleanField(required=False, default=False)
        letter = serializers.IntegerField(required=False, allow_null=True, default=None)
        denouncers = DenouncerInput(many=True, required=False, default=list)

    @extend_schema(
        parameters=[FilterSerializer], responses={200: page_of(DenunciationOutputSerializer)}
    )
    def get(self, request: Request) -> Response:
        return complaint_apis.list_page(
            self, request, self.FilterSerializer, selectors.search, DenunciationOutputSerializer
        )

    @extend_schema(request=InputSerializer, responses={201: DenunciationDetailSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        place = complaint_apis.place_of(values.pop("place"))
        people = tuple(services.DenouncerData(**dict(p)) for p in values.pop("denouncers"))
        letter = values.pop("letter", None)
        detail = services.denunciation_open(
            actor=request.user,
            place=place,
            data=services.DenunciationData(**values, letter_id=letter, denouncers=people),
        )
        return Response(_detail(request, detail.case_id), status=status.HTTP_201_CREATED)


class DenunciationDetailApi(APIView):
    @extend_schema(responses={200: DenunciationDetailSerializer})
    def get(self, request: Request, case_id: int) -> Response:
        return Response(_detail(request, case_id))


class DenouncersApi(APIView):
    """The denouncers of one denunciation: the resolver and the users given the right only
    (403 otherwise); every read is audited."""

    @extend_schema(responses={200: DenouncerSerializer(many=True)})
    def get(self, request: Request, case_id: int) -> Response:
        detail = selectors.detail_get_for_user(request.user, case_id)
        people = selectors.denouncers_for(request.user, detail)
        return Response(DenouncerSerializer(people, many=True).data)


ACTIONS = actions.ACTIONS


class DenunciationActionApi(APIView):
    """One step of the denunciation: ``action`` and the fields it needs."""

    class InputSerializer(serializers.Serializer[Any]):
        action = serializers.ChoiceField(choices=ACTIONS)
        on = serializers.DateField(required=False, allow_null=True, default=None)
        note = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
        to_agency = serializers.IntegerField(required=False, allow_null=True, default=None)
        to_name = serializers.CharField(
            max_length=255, required=False, allow_blank=True, default=""
        )
        notified_on = serializers.DateField(required=False, allow_null=True, default=None)
        ground = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
        complexity = serializers.CharField(
            max_length=20, required=False, allow_blank=True, default=""
        )
        number = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
        outcome = serializers.CharField(max_length=14, required=False, allow_blank=True, default="")
        money_recovered = serializers.IntegerField(min_value=0, required=False, default=0)
        violation_suspected = serializers.BooleanField(required=False, default=False)
        user = serializers.IntegerField(required=False, allow_null=True, default=None)

    @extend_schema(request=InputSerializer, responses={200: DenunciationDetailSerializer})
    def post(self, request: Request, case_id: int) -> Response:
        detail = selectors.detail_get_for_user(request.user, case_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        actions.run(request.user, detail.case_id, dict(data.validated_data))
        return Response(_detail(request, case_id))


class DenunciationImportSerializer(complaint_apis.ComplaintImportSerializer):
    file = serializers.FileField(help_text="CSV or XLSX, one row a denunciation")


class DenunciationImportResultSerializer(complaint_apis.ComplaintImportResultSerializer):
    pass


class DenunciationImportApi(APIView):
    """Receive denunciations from a CSV or XLSX file, all or nothing. The denouncer's identity is
    only written: neither the answer nor the report of bad rows carries a value."""

    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": DenunciationImportSerializer},
        responses={200: DenunciationImportResultSerializer},
    )
    def post(self, request: Request) -> Response:
        return complaint_apis.import_upload(
            request, DenunciationImportSerializer, imports.import_file
        )
