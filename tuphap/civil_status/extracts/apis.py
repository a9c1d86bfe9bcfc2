"""The API of certificates and extracts: issue (``POST …/registrations/<id>/extracts/``), the PDF
(``GET …/extracts/<id>/pdf``) and the public verification (``GET /api/v1/verify/<code>``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import renderers, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tuphap.accounts import jurisdiction
from tuphap.civil_status.extracts import certificates, selectors
from tuphap.civil_status.extracts import services as extract_services
from tuphap.civil_status.extracts import views as extract_views
from tuphap.civil_status.extracts.models import Extract
from tuphap.civil_status.registration import selectors as registration_selectors
from tuphap.civil_status.registration.models import Registration
from tuphap.core import audit
from tuphap.core.errors import NotFound
from tuphap.places.models import AdministrativeUnit


class PdfRenderer(renderers.BaseRenderer):
    """Lets a client ask for ``application/pdf``; errors still go out as JSON."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        if isinstance(data, bytes):
            return data
        return bytes(renderers.JSONRenderer().render(data))


class ExtractOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    registration_id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()
    copies = serializers.IntegerField()
    code = serializers.CharField()
    issuing_commune_id = serializers.IntegerField()
    issued_at = serializers.DateTimeField()
    verification_url = serializers.SerializerMethodField()

    def get_verification_url(self, extract: Extract) -> str:
        return certificates.verification_url(extract.code)


def _registration_for(user: Any, registration_id: int, kind: str) -> Registration:
    """An original needs an entry of the user's jurisdiction; a copy any entry (audited)."""
    if kind == Extract.Kind.ORIGINAL:
        return registration_selectors.registration_get_for_user(user, registration_id)
    registration = selectors.registration_get_for_copy(user, registration_id)
    if not jurisdiction.covers(user, registration.commune):
        audit.record_read(
            actor=user, action="civil_status.registration.viewed_for_copy", obj=registration
        )
    return registration


class ExtractIssueApi(APIView):
    """Issue the original certificate or extract (registering commune only), or copies of the
    extract (any commune's civil status officer: Luật Hộ tịch Art. 63–64)."""

    class InputSerializer(serializers.Serializer[Any]):
        kind = serializers.ChoiceField(choices=Extract.Kind.choices)
        copies = serializers.IntegerField(required=False, default=1)
        issuing_commune_id = serializers.IntegerField(required=False, allow_null=True, default=None)
        signer_name = serializers.CharField(
            required=False, allow_null=True, default=None, allow_blank=True
        )
        signer_title = serializers.CharField(
            required=False, allow_null=True, default=None, allow_blank=True
        )

    @extend_schema(request=InputSerializer, responses={201: ExtractOutputSerializer})
    def post(self, request: Request, registration_id: int) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        registration = _registration_for(request.user, registration_id, data["kind"])
        commune = None
        if data["issuing_commune_id"] is not None:
            commune = AdministrativeUnit.objects.filter(pk=data["issuing_commune_id"]).first()
            if commune is None:
                message = _("No such commune.")
                raise NotFound(message, fields={"issuing_commune_id": message})
        extract = extract_services.extract_issue(
            actor=request.user,
            registration=registration,
            kind=data["kind"],
            copies=data["copies"],
            issuing_commune=commune,
            signer_name=data["signer_name"],
            signer_title=data["signer_title"],
        )
        return Response(ExtractOutputSerializer(extract).data, status=status.HTTP_201_CREATED)


class ExtractPdfApi(APIView):
    """The issued paper as PDF (one page per copy). The download is an audited read."""

    renderer_classes = [renderers.JSONRenderer, PdfRenderer]

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
        }
    )
    def get(self, request: Request, registration_id: int, extract_id: int) -> HttpResponse:
        extract = selectors.extract_get_for_user(request.user, extract_id)
        if extract.registration_id != registration_id:
            raise NotFound(_("No such extract."))
        audit.record_read(actor=request.user, action="civil_status.extract.downloaded", obj=extract)
        return extract_views.pdf_response(extract)


class ExtractVerifyApi(APIView):
    """Public check of the verification code printed on a certificate or extract. Shows only
    what is needed to compare with the paper, and whether the entry was amended or deleted
    since. Every lookup is audited."""

    permission_classes = [AllowAny]

    class OutputSerializer(serializers.Serializer[Any]):
        genuine = serializers.BooleanField()
        code = serializers.CharField()
        title = serializers.CharField()
        kind = serializers.CharField()
        entry_number = serializers.IntegerField()
        volume_number = serializers.CharField()
        registered_on = serializers.DateField()
        issuing_commune = serializers.CharField()
        issuing_province = serializers.CharField()
        issued_on = serializers.DateField()
        full_name = serializers.CharField()
        date_of_birth = serializers.DateField(allow_null=True)
        other_full_name = serializers.CharField(allow_blank=True)
        amended_since_issue = serializers.BooleanField()
        amended_on = serializers.ListField(child=serializers.DateField())
        deleted_since_issue = serializers.BooleanField()

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request: Request, code: str) -> Response:
        verification = extract_services.extract_verify(code=code)
        if verification is None:
            raise NotFound(_("No paper was issued with this verification code."))
        printed = verification.extract.snapshot
        body = {
            "genuine": True,
            "code": verification.extract.code,
            "title": printed["title"],
            "kind": printed["kind"],
            "entry_number": printed["entry_number"],
            "volume_number": printed["volume_number"],
            "registered_on": printed["registered_on"],
            "issuing_commune": printed["issuer"]["commune"],
            "issuing_province": printed["issuer"]["province"],
            "issued_on": printed["issued_on"],
            "full_name": printed["person"]["full_name"],
            "date_of_birth": printed["person"]["date_of_birth"],
            "other_full_name": (printed["other_person"] or {}).get("full_name", ""),
            "amended_since_issue": verification.amended,
            "amended_on": [
                timezone.localdate(amendment.created_at)
                for amendment in verification.amendments_since_issue
            ],
            "deleted_since_issue": verification.deleted,
        }
        return Response(self.OutputSerializer(body).data)
