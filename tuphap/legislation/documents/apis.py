from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tuphap.core.pagination import StandardPagination, page_of
from tuphap.legislation.documents import selectors
from tuphap.legislation.documents.models import DocumentType, ObligationStatus, ProposalStatus


class DocumentOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    number = serializers.CharField()
    doc_type = serializers.CharField()
    title = serializers.CharField()
    issuer = serializers.CharField()
    issuer_level = serializers.CharField()
    place_id = serializers.IntegerField(allow_null=True)
    signer = serializers.CharField()
    signed_on = serializers.DateField()
    effective_on = serializers.DateField()
    status = serializers.CharField(allow_null=True)


class DocumentSearchApi(APIView):
    """Documents by number, title or words of the text, with or without diacritics."""

    class FilterSerializer(serializers.Serializer[Any]):
        q = serializers.CharField(required=False, allow_blank=True, max_length=200)
        doc_type = serializers.ChoiceField(choices=DocumentType.choices, required=False)

    @extend_schema(
        parameters=[FilterSerializer], responses={200: page_of(DocumentOutputSerializer)}
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        documents = selectors.document_search(data.get("q"), doc_type=data.get("doc_type"))
        paginator = StandardPagination()
        page = paginator.paginate_queryset(documents, request, self)
        return paginator.get_paginated_response(DocumentOutputSerializer(page, many=True).data)


class ProvisionOutputSerializer(serializers.Serializer[Any]):
    eid = serializers.CharField()
    kind = serializers.CharField()
    number = serializers.CharField()
    heading = serializers.CharField()
    text = serializers.CharField()
    parent_eid = serializers.CharField(allow_null=True)
    effective_on = serializers.DateField(allow_null=True)


class ValidityEventOutputSerializer(serializers.Serializer[Any]):
    occurred_on = serializers.DateField()
    status = serializers.CharField()
    source_document = serializers.CharField(
        source="source_document.number", allow_null=True, default=None
    )
    note = serializers.CharField()


class DocumentDetailApi(APIView):
    """One document with its validity history and the provisions of its latest version."""

    class OutputSerializer(DocumentOutputSerializer):
        version_date = serializers.DateField(allow_null=True)
        validity_events = ValidityEventOutputSerializer(many=True)
        provisions = ProvisionOutputSerializer(many=True)

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request: Request, document_id: int) -> Response:
        document = selectors.document_get(document_id=document_id)
        version = selectors.version_on(document)
        provisions = selectors.provisions_of(version) if version else []
        eids = {row.pk: row.eid for row in provisions}
        for row in provisions:
            row.parent_eid = eids.get(row.parent_id) if row.parent_id else None  # type: ignore[attr-defined]
        return Response(
            self.OutputSerializer(
                {
                    **DocumentOutputSerializer(document).data,
                    "version_date": version.version_date if version else None,
                    "validity_events": document.validity_events.all(),
                    "provisions": provisions,
                }
            ).data
        )


class DocumentAknApi(APIView):
    """The document's latest version as Akoma Ntoso 3.0 XML."""

    @extend_schema(responses={(200, "application/akn+xml"): OpenApiResponse(description="XML")})
    def get(self, request: Request, document_id: int) -> HttpResponse:
        document = selectors.document_get(document_id=document_id)
        return HttpResponse(
            selectors.document_akn(document), content_type="application/akn+xml; charset=utf-8"
        )


class ObligationOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    document = serializers.CharField(source="document.number")
    document_id = serializers.IntegerField()
    source_provision = serializers.CharField()
    provisions = serializers.ListField(child=serializers.CharField())
    text = serializers.CharField()
    assignee = serializers.CharField(source="assignee_text")
    assignee_agency = serializers.CharField(
        source="assignee_agency.code", allow_null=True, default=None
    )
    expected_type = serializers.CharField()
    due_on = serializers.DateField()
    proposal_status = serializers.CharField()
    status = serializers.CharField()
    days_overdue = serializers.IntegerField(allow_null=True)
    fulfilled_by = serializers.ListField(child=serializers.CharField())


class ObligationListApi(APIView):
    """Detailing obligations with their status on a date (today by default)."""

    class FilterSerializer(serializers.Serializer[Any]):
        on = serializers.DateField(required=False)
        document = serializers.IntegerField(required=False, min_value=1)
        proposal_status = serializers.ChoiceField(choices=ProposalStatus.choices, required=False)
        status = serializers.ChoiceField(choices=ObligationStatus.choices, required=False)

    @extend_schema(
        parameters=[FilterSerializer], responses={200: page_of(ObligationOutputSerializer)}
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        day = data.get("on") or timezone.localdate()
        rows = []
        for obligation in selectors.obligation_list(
            document_id=data.get("document"), proposal_status=data.get("proposal_status")
        ):
            status = selectors.obligation_status(obligation, day)
            if data.get("status") and status != data["status"]:
                continue
            rows.append(
                {
                    "obligation": obligation,
                    "status": status.value,
                    "days_overdue": (day - obligation.due_on).days
                    if status == ObligationStatus.OVERDUE
                    else None,
                }
            )
        paginator = StandardPagination()
        page: list[dict[str, Any]] | None = paginator.paginate_queryset(
            rows,  # type: ignore[arg-type]  # a list pages like a queryset
            request,
            self,
        )
        output = [
            {
                **{
                    name: getattr(row["obligation"], name)
                    for name in (
                        "id",
                        "document",
                        "document_id",
                        "source_provision",
                        "provisions",
                        "text",
                        "assignee_text",
                        "assignee_agency",
                        "expected_type",
                        "due_on",
                        "proposal_status",
                    )
                },
                "status": row["status"],
                "days_overdue": row["days_overdue"],
                "fulfilled_by": [doc.number for doc in row["obligation"].fulfilled_by.all()],
            }
            for row in page or []
        ]
        return paginator.get_paginated_response(ObligationOutputSerializer(output, many=True).data)
