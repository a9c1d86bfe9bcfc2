from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiParameter
from rest_framework.permissions import SAFE_METHODS, AllowAny

# The one error shape (tuphap.api.errors), as a component every error answer refers to. Written
# as a schema, not a serializer: a serializer field may not be called ``fields``.
ERROR_COMPONENTS: dict[str, Any] = {
    "ErrorDetail": {
        "type": "object",
        "properties": {
            "code": {"type": "string", "description": "invalid, forbidden, not_found, conflict, …"},
            "message": {"type": "string"},
            "fields": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
                "description": "The reasons per field; empty when the error names no field.",
            },
            "request_id": {"type": "string"},
        },
        "required": ["code", "message", "fields", "request_id"],
    },
    "Error": {
        "type": "object",
        "properties": {"error": {"$ref": "#/components/schemas/ErrorDetail"}},
        "required": ["error"],
    },
}
ERROR = {"$ref": "#/components/schemas/Error"}


BLANK = {"type": "string", "enum": [""], "description": "blank: no filter"}


def add_error_components(result: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
    """drf-spectacular post-processing hook (settings): put the error shape in the schema, and
    say that an optional query filter given blank (``?state=``) is no filter, as DRF reads it."""
    result.setdefault("components", {}).setdefault("schemas", {}).update(ERROR_COMPONENTS)
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", ()) if isinstance(operation, dict) else ():
                schema = parameter.get("schema", {})
                optional = parameter.get("in") == "query" and not parameter.get("required")
                if not optional:
                    continue
                if schema.get("minLength") == 1:
                    del schema["minLength"]
                if "enum" in schema:
                    if "" not in schema["enum"]:
                        schema["enum"] = [*schema["enum"], ""]
                elif (
                    "$ref" in schema
                    or schema.get("type") != "string"
                    or schema.keys()
                    & {
                        "format",
                        "pattern",
                    }
                ):
                    # an enum component, a number, a date...: the value or blank
                    parameter["schema"] = {"anyOf": [schema, BLANK]}
    return result


IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description=(
        "A key the client chooses for this write (1 to 255 printable characters). A retry with "
        "the same key and the same request answers the first answer without writing again "
        "(header Idempotent-Replayed: true); the same key with another request is a 409."
    ),
)

ERRORS = {
    "400": _("Bad input: the fields and their reasons."),
    "401": _("Not authenticated, or the token is not valid."),
    "403": _("Not allowed for the caller's role."),
    "404": _("No such record, or outside the caller's jurisdiction."),
    "409": _("Not allowed in the record's current state."),
    "429": _("Too many requests: retry after the time in Retry-After."),
}


class AutoSchema(SpectacularAutoSchema):
    """Name schema components after their API view: the house style nests ``InputSerializer``
    and ``OutputSerializer`` inside each ``<Entity><Action>Api``, so the bare class names
    collide. ``MeApi.OutputSerializer`` becomes the component ``MeOutput``. A view that answers
    a page (``core.pagination.page_of``) is a list operation (``cases_list``). Every operation
    documents the error answers it can give, in the one error shape."""

    def get_serializer_name(self, serializer: Any, direction: Any) -> str:
        qualified = type(serializer).__qualname__
        if "." not in qualified:
            return str(super().get_serializer_name(serializer, direction))
        outer, inner = qualified.rsplit(".", 1)[-2:] if qualified.count(".") else ("", qualified)
        return outer.removesuffix("Api") + inner

    def get_operation_id(self) -> str:
        operation_id = str(super().get_operation_id())
        responses = self.get_response_serializers()
        answer = responses.get(200) if isinstance(responses, dict) else responses
        if getattr(answer, "is_page", False) and operation_id.endswith("_retrieve"):
            return operation_id.removesuffix("_retrieve") + "_list"
        return operation_id

    def get_override_parameters(self) -> list[Any]:
        parameters = list(super().get_override_parameters())
        if self.method not in SAFE_METHODS:
            parameters.append(IDEMPOTENCY_KEY)
        return parameters

    def _error_codes(self) -> list[str]:
        codes = ["400", "404"]
        public = any(isinstance(p, AllowAny) for p in self.view.get_permissions())
        if not public:
            codes += ["401", "403"]
        if self.method not in SAFE_METHODS:
            codes.append("409")
        codes += getattr(self.view, "extra_error_codes", ())
        return sorted(set(codes))

    # drf-spectacular builds the responses here (pinned version: see requirements.lock).
    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses = dict(super()._get_response_bodies(direction))
        for code in self._error_codes():
            if code not in responses:
                body = self._get_response_for_code(  # type: ignore[no-untyped-call]
                    ERROR, code, direction=direction
                )
                body["description"] = str(ERRORS[code])
                responses[code] = body
        return responses
