"""The API of letters under ``/api/v1/oversight/``: the same actions as the reception desk and
the letter page, through the same services."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tuphap.accounts.models import Agency
from tuphap.core.errors import AccessDenied, ValidationFailed
from tuphap.core.pagination import StandardPagination, page_of
from tuphap.oversight.reception import permissions, rules, selectors, services
from tuphap.oversight.reception.models import Letter, LetterSender


class SenderOutputSerializer(serializers.Serializer[Any]):
    full_name = serializers.CharField()
    pin = serializers.SerializerMethodField(help_text="empty unless the caller handles letters")
    address = serializers.SerializerMethodField()
    representative = serializers.BooleanField()

    def _shown(self) -> bool:
        return bool(self.context.get("show_identity"))

    def get_pin(self, sender: LetterSender) -> str:
        return sender.pin if self._shown() else ""

    def get_address(self, sender: LetterSender) -> str:
        return sender.address if self._shown() else ""


def _senders(user: Any, letter: Letter) -> list[dict[str, Any]]:
    """The senders the caller may see: none of a denunciation's (or of a letter not yet
    classified) unless the caller handles it."""
    if not permissions.can_see_names(user, letter):
        return []
    context = {"show_identity": permissions.can_see_senders(user, letter)}
    return list(SenderOutputSerializer(letter.senders.all(), many=True, context=context).data)


class LetterOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    reference = serializers.CharField(help_text="number/year in the agency's letter book")
    agency_id = serializers.IntegerField()
    place_id = serializers.IntegerField(allow_null=True)
    received_on = serializers.DateField()
    channel = serializers.CharField()
    subject = serializers.CharField()
    content = serializers.CharField()
    senders = serializers.SerializerMethodField(
        help_text="empty when the senders' identity is protected from the caller"
    )
    senders_hidden = serializers.SerializerMethodField()
    classification = serializers.CharField()
    field = serializers.CharField()
    ineligible_reason = serializers.CharField()
    competence = serializers.CharField()
    classified_on = serializers.DateField(allow_null=True)
    handling = serializers.CharField()
    handled_on = serializers.DateField(allow_null=True)
    transferred_to_id = serializers.IntegerField(allow_null=True)
    transferred_to_name = serializers.CharField()
    transferred_on = serializers.DateField(allow_null=True)
    urged_count = serializers.IntegerField()
    duplicate_of_id = serializers.IntegerField(allow_null=True)
    matter_of_id = serializers.IntegerField(allow_null=True)

    @extend_schema_field(SenderOutputSerializer(many=True))
    def get_senders(self, letter: Letter) -> list[dict[str, Any]]:
        return _senders(self.context["user"], letter)

    def get_senders_hidden(self, letter: Letter) -> bool:
        return not permissions.can_see_names(self.context["user"], letter)


def _out(request: Request, letter: Letter | list[Letter], **kwargs: Any) -> Any:
    return LetterOutputSerializer(letter, context={"user": request.user}, **kwargs).data


class SenderInputSerializer(serializers.Serializer[Any]):
    full_name = serializers.CharField(max_length=200)
    pin = serializers.CharField(max_length=12, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    representative = serializers.BooleanField(required=False, default=False)


def _choice(values: list[str]) -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=values, required=False, allow_blank=True, default="")


class LetterListApi(APIView):
    """The letters the caller may see (POST: register a letter in the caller's agency; a
    duplicate of the same sender is linked, ``duplicate_of_id``)."""

    class FilterSerializer(serializers.Serializer[Any]):
        classification = serializers.ChoiceField(
            choices=rules.Classification.values, required=False
        )
        handling = serializers.ChoiceField(choices=["open", *rules.Handling.values], required=False)
        year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)

    class InputSerializer(serializers.Serializer[Any]):
        received_on = serializers.DateField()
        channel = serializers.ChoiceField(choices=rules.Channel.values)
        subject = serializers.CharField(
            max_length=255, required=False, allow_blank=True, default=""
        )
        content = serializers.CharField(max_length=20000)
        senders = SenderInputSerializer(many=True)
        classification = _choice(rules.Classification.values)
        field = _choice(rules.Field.values)
        competence = _choice(rules.Competence.values)
        ineligible_reason = _choice(rules.IneligibleReason.values)
        same_matter_as = serializers.IntegerField(required=False, allow_null=True, default=None)

    @extend_schema(parameters=[FilterSerializer], responses={200: page_of(LetterOutputSerializer)})
    def get(self, request: Request) -> Response:
        if not permissions.can_read(request.user):
            raise AccessDenied(_("Your roles do not read letters."))
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        wanted = filters.validated_data
        rows = selectors.letter_list_for_user(
            request.user,
            classification=wanted.get("classification"),
            handling=wanted.get("handling"),
            year=wanted.get("year"),
        )
        paginator = StandardPagination()
        page = paginator.paginate_queryset(rows, request, self)
        return paginator.get_paginated_response(_out(request, list(page or []), many=True))

    @extend_schema(request=InputSerializer, responses={201: LetterOutputSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        same_id = values.pop("same_matter_as")
        same = None
        if same_id is not None:
            same = selectors.letters_for_user(request.user).filter(pk=same_id).first()
            if same is None:
                raise ValidationFailed(
                    _("Some fields are not valid."), fields={"same_matter_as": _("No such letter.")}
                )
        values["senders"] = tuple(services.SenderData(**sender) for sender in values["senders"])
        letter = services.letter_register(
            actor=request.user, data=services.LetterData(**values), same_matter_as=same
        )
        fresh = selectors.letter_get_for_user(request.user, letter.pk, audit_read=False)
        return Response(_out(request, fresh), status=status.HTTP_201_CREATED)


class LetterDetailApi(APIView):
    """One letter with its senders (the read is audited)."""

    @extend_schema(responses={200: LetterOutputSerializer})
    def get(self, request: Request, letter_id: int) -> Response:
        if not permissions.can_read(request.user):
            raise AccessDenied(_("Your roles do not read letters."))
        return Response(_out(request, selectors.letter_get_for_user(request.user, letter_id)))


def _visible(request: Request, letter_id: int) -> Letter:
    return selectors.letter_get_for_user(request.user, letter_id, audit_read=False)


def _require_worker(request: Request) -> None:
    if not permissions.can_work(request.user):
        raise AccessDenied(_("Only an inspector of an agency registers and handles letters."))


class ClassifyApi(APIView):
    """Classify a letter not yet handled (within competence: taken up; not eligible: filed)."""

    class InputSerializer(serializers.Serializer[Any]):
        classification = serializers.ChoiceField(choices=rules.Classification.values)
        competence = _choice(rules.Competence.values)
        field = _choice(rules.Field.values)
        ineligible_reason = _choice(rules.IneligibleReason.values)
        note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
        on = serializers.DateField(required=False, allow_null=True, default=None)

    @extend_schema(request=InputSerializer, responses={200: LetterOutputSerializer})
    def post(self, request: Request, letter_id: int) -> Response:
        _require_worker(request)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        letter = services.letter_classify(
            actor=request.user, letter=_visible(request, letter_id), **data.validated_data
        )
        return Response(_out(request, _visible(request, letter.pk)))


class TransferApi(APIView):
    """Transfer a letter outside competence to the competent body: once per content (TT
    05/2021 Art. 14); a second transfer answers 409 ``already_transferred``."""

    class InputSerializer(serializers.Serializer[Any]):
        to_agency = serializers.IntegerField(required=False, allow_null=True, default=None)
        to_name = serializers.CharField(
            max_length=255, required=False, allow_blank=True, default=""
        )
        note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
        on = serializers.DateField(required=False, allow_null=True, default=None)

    @extend_schema(request=InputSerializer, responses={200: LetterOutputSerializer})
    def post(self, request: Request, letter_id: int) -> Response:
        _require_worker(request)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        agency = None
        if values["to_agency"] is not None:
            agency = Agency.objects.filter(pk=values["to_agency"]).first()
            if agency is None:
                raise ValidationFailed(
                    _("Some fields are not valid."), fields={"to_agency": _("No such agency.")}
                )
        values["to_agency"] = agency
        letter = services.letter_transfer(
            actor=request.user, letter=_visible(request, letter_id), **values
        )
        return Response(_out(request, _visible(request, letter.pk)))
