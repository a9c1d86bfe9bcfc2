from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema


class AutoSchema(SpectacularAutoSchema):
    """Name schema components after their API view: the house style nests ``InputSerializer``
    and ``OutputSerializer`` inside each ``<Entity><Action>Api``, so the bare class names
    collide. ``MeApi.OutputSerializer`` becomes the component ``MeOutput``. A view that answers
    a page (``core.pagination.page_of``) is a list operation (``cases_list``)."""

    def get_operation_id(self) -> str:
        operation_id = str(super().get_operation_id())
        responses = self.get_response_serializers()
        answer = responses.get(200) if isinstance(responses, dict) else responses
        if getattr(answer, "is_page", False) and operation_id.endswith("_retrieve"):
            return operation_id.removesuffix("_retrieve") + "_list"
        return operation_id

    def get_serializer_name(self, serializer: Any, direction: Any) -> str:
        qualified = type(serializer).__qualname__
        if "." not in qualified:
            return str(super().get_serializer_name(serializer, direction))
        outer, inner = qualified.rsplit(".", 1)[-2:] if qualified.count(".") else ("", qualified)
        return outer.removesuffix("Api") + inner
