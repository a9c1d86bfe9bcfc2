from __future__ import annotations

from typing import Any

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination


class StandardPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


_PAGES: dict[str, serializers.Serializer[Any]] = {}


def page_of(
    item: type[serializers.Serializer[Any]],
    *,
    name: str | None = None,
    **extra: serializers.Field[Any, Any, Any, Any],
) -> serializers.Serializer[Any]:
    """The schema of one page of ``item`` as ``StandardPagination`` answers it (``count``,
    ``next``, ``previous``, ``results``), with the ``extra`` fields a view adds beside them: a
    list view documents ``responses={200: page_of(ItemSerializer)}``, not a bare array."""
    if name is None:
        # Named as the API schema names the item (``CaseListApi.OutputSerializer`` is the
        # component ``CaseListOutput``; its page ``CaseListOutputPage``).
        *outer, inner = item.__qualname__.split(".")
        name = "".join(part.removesuffix("Api") for part in outer) + inner
        name = name.removesuffix("Serializer") + "Page"
    known = _PAGES.get(name)
    results = known.fields["results"] if known is not None else None
    if isinstance(results, serializers.ListSerializer) and type(results.child) is not item:
        raise ValueError(f"Two page schemas would be named {name!r}; pass name=.")
    if known is None:
        _PAGES[name] = inline_serializer(
            name=name,
            fields={
                **extra,
                "count": serializers.IntegerField(min_value=0),
                "next": serializers.URLField(allow_null=True),
                "previous": serializers.URLField(allow_null=True),
                "results": item(many=True),
            },
        )
        _PAGES[name].is_page = True  # type: ignore[attr-defined]  # read by the API schema
    return _PAGES[name]
