from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tuphap.accounts import selectors, services
from tuphap.core.errors import ValidationFailed
from tuphap.core.pagination import StandardPagination, page_of


class TokenObtainApi(APIView):
    """Exchange a user name and password for an API token."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    # The sign-in lockout (django-axes, accounts.views.lockout) answers 429 here.
    extra_error_codes = ("429",)

    class InputSerializer(serializers.Serializer[Any]):
        username = serializers.CharField()
        password = serializers.CharField(style={"input_type": "password"})

    class OutputSerializer(serializers.Serializer[Any]):
        token = serializers.CharField()

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(request._request, **data.validated_data)
        if user is None or not user.is_active:
            raise ValidationFailed(
                _("The user name or password is wrong."),
                fields={"password": _("The user name or password is wrong.")},
                code="invalid_credentials",
            )
        token = services.token_issue(user=user)
        return Response(self.OutputSerializer({"token": token.key}).data)


class AgencyOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    kind = serializers.CharField()
    level = serializers.CharField()
    parent_code = serializers.CharField(source="parent.code", allow_null=True, default=None)
    province_code = serializers.CharField(source="province.code", allow_null=True, default=None)
    valid_from = serializers.DateField(allow_null=True)
    valid_to = serializers.DateField(allow_null=True)


class MeApi(APIView):
    """The signed-in user, their agency and roles."""

    class OutputSerializer(serializers.Serializer[Any]):
        username = serializers.CharField()
        full_name = serializers.CharField()
        agency = AgencyOutputSerializer(allow_null=True)
        roles = serializers.ListField(child=serializers.CharField())

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request: Request) -> Response:
        user: Any = request.user
        return Response(
            self.OutputSerializer(
                {
                    "username": user.username,
                    "full_name": user.full_name,
                    "agency": user.agency,
                    "roles": sorted(user.role_set()),
                }
            ).data
        )


class AgencyListApi(APIView):
    """Agencies in the caller's jurisdiction."""

    @extend_schema(responses={200: page_of(AgencyOutputSerializer)})
    def get(self, request: Request) -> Response:
        paginator = StandardPagination()
        page = paginator.paginate_queryset(
            selectors.agency_list_for_user(request.user), request, self
        )
        return paginator.get_paginated_response(AgencyOutputSerializer(page, many=True).data)


class AuditEventListApi(APIView):
    """Search the audit trail (auditors and administrators only)."""

    class FilterSerializer(serializers.Serializer[Any]):
        actor = serializers.CharField(required=False)
        action = serializers.CharField(required=False)
        object_type = serializers.CharField(required=False)
        object_id = serializers.CharField(required=False)
        date_from = serializers.DateField(required=False)
        date_to = serializers.DateField(required=False)

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            start, end = attrs.get("date_from"), attrs.get("date_to")
            if start and end and end < start:
                raise serializers.ValidationError(
                    {"date_to": _("The end date is before the start date.")}
                )
            return attrs

    class OutputSerializer(serializers.Serializer[Any]):
        id = serializers.IntegerField()
        occurred_at = serializers.DateTimeField()
        actor = serializers.CharField(source="actor_username")
        agency_id = serializers.IntegerField(allow_null=True)
        action = serializers.CharField()
        object_type = serializers.CharField()
        object_id = serializers.CharField()
        object_label = serializers.CharField()
        details = serializers.JSONField(source="data")
        request_id = serializers.CharField()
        client_address = serializers.CharField(allow_null=True)
        channel = serializers.CharField()

    @extend_schema(parameters=[FilterSerializer], responses={200: page_of(OutputSerializer)})
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        events = selectors.audit_event_list_for_user(
            request.user, selectors.AuditFilters(**filters.validated_data)
        )
        paginator = StandardPagination()
        page = paginator.paginate_queryset(events, request, self)
        return paginator.get_paginated_response(self.OutputSerializer(page, many=True).data)
