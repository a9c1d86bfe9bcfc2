"""Historic figures of past periods in the API under ``/api/v1/statistics/historic`` (ADR
0016): the uploads, the upload of a filled workbook (every bad cell named, nothing stored) and
the steps approve, reject and withdraw, through the same services as the pages."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tuphap.core.errors import AccessDenied, ValidationFailed
from tuphap.core.pagination import StandardPagination, page_of
from tuphap.statistics.aggregate import historic, historic_xlsx, permissions
from tuphap.statistics.aggregate.models import HistoricBatch, HistoricStatus
from tuphap.statistics.aggregate.xlsx import UploadRefused


class HistoricBatchSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    title = serializers.CharField()
    file_name = serializers.CharField()
    agency = serializers.CharField(source="agency.code")
    uploaded_by = serializers.CharField(source="uploaded_by.username")
    uploaded_at = serializers.DateTimeField()
    status = serializers.ChoiceField(choices=HistoricStatus.values)
    figure_count = serializers.IntegerField()
    first_month = serializers.DateField()
    last_month = serializers.DateField()
    comment = serializers.CharField()


class HistoricIndicatorSummarySerializer(serializers.Serializer[Any]):
    indicator = serializers.CharField()
    figures = serializers.IntegerField()
    total = serializers.IntegerField()
    first_period = serializers.CharField()
    shadowed = serializers.IntegerField(
        help_text="Figures that reports do not use because records of the indicator exist."
    )


class HistoricBatchDetailSerializer(HistoricBatchSerializer):
    indicators = HistoricIndicatorSummarySerializer(many=True)


class HistoricUploadSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=255)
    file = serializers.FileField(help_text="The filled historic figures workbook (.xlsx).")


class HistoricStepSerializer(serializers.Serializer[Any]):
    action = serializers.ChoiceField(choices=["approve", "reject", "withdraw"])
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=1000,
        help_text="Required to reject or withdraw.",
    )


def _detail(batch: HistoricBatch) -> dict[str, Any]:
    data = dict(HistoricBatchSerializer(batch).data)
    data["indicators"] = HistoricIndicatorSummarySerializer(
        historic.summary_of(batch), many=True
    ).data
    return data


class HistoricBatchListApi(APIView):
    """The uploads of historic figures (national readers); POST uploads a filled workbook,
    submitted for approval."""

    parser_classes = [MultiPartParser]

    @extend_schema(responses={200: page_of(HistoricBatchSerializer)})
    def get(self, request: Request) -> Response:
        if not permissions.can_read_historic(request.user):
            raise AccessDenied(_("Historic figures are loaded and read at the ministry."))
        rows = historic.batch_list_for_user(request.user)
        paginator = StandardPagination()
        page = paginator.paginate_queryset(rows, request, self)
        return paginator.get_paginated_response(HistoricBatchSerializer(page, many=True).data)

    @extend_schema(
        request={"multipart/form-data": HistoricUploadSerializer},
        responses={201: HistoricBatchDetailSerializer},
    )
    def post(self, request: Request) -> Response:
        if not permissions.can_load_historic(request.user):
            raise AccessDenied(_("Only the ministry's statistics officer loads historic figures."))
        data = HistoricUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        try:
            batch = historic_xlsx.upload(
                actor=request.user,
                handle=upload,
                title=data.validated_data["title"],
                file_name=upload.name or "",
            )
        except UploadRefused as refused:
            raise ValidationFailed(
                _("Nothing was stored: %(count)s cells of the workbook are not valid.")
                % {"count": len(refused.errors)},
                fields={"file": [str(error) for error in refused.errors]},
            ) from None
        return Response(_detail(batch), status=201)


class HistoricBatchDetailApi(APIView):
    @extend_schema(responses={200: HistoricBatchDetailSerializer})
    def get(self, request: Request, batch_id: int) -> Response:
        return Response(_detail(historic.batch_get_for_user(request.user, batch_id)))


class HistoricBatchStepApi(APIView):
    """A step: approve (the ministry's report approver, not the uploader), reject or withdraw
    (with a reason)."""

    @extend_schema(request=HistoricStepSerializer, responses={200: HistoricBatchDetailSerializer})
    def post(self, request: Request, batch_id: int) -> Response:
        batch = historic.batch_get_for_user(request.user, batch_id)
        data = HistoricStepSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        action = data.validated_data["action"]
        comment = data.validated_data.get("comment", "")
        if action == "approve":
            batch = historic.batch_approve(actor=request.user, batch=batch, comment=comment)
        elif action == "reject":
            batch = historic.batch_reject(actor=request.user, batch=batch, comment=comment)
        else:
            batch = historic.batch_withdraw(actor=request.user, batch=batch, comment=comment)
        return Response(_detail(batch))
