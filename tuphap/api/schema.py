from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema


class AutoSchema(SpectacularAutoSchema):
    """Name schema components after their API view: the house style nests ``InputSerializer``
    and ``OutputSerializer`` inside each ``<Entity><Action>Api``, so the bare class names
    collide. ``MeApi.OutputSerializer`` becomes the component ``MeOutput``."""

    def get_serializer_name(self, serializer: Any, direction: Any) -> str:
        qualified = type(serializer).__qualname__
        if "." not in qualified:
            return str(super().get_serializer_name(serializer, direction))
        outer, inner = qualified.rsplit(".", 1)[-2:] if qualified.count(".") else ("", qualified)
        return outer.removesuffix("Api") + inner
