"""The case engine's HTTP API under ``/api/v1/cases/``. Opening a case is register-specific:
each register's app exposes it and calls ``services.case_open``."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tuphap.accounts.models import User
from tuphap.casework import analytics, deadlines, registry, selectors, services, workflow
from tuphap.casework.models import Case, CaseAction
from tuphap.casework.registry import RegisterSpec, Transition
from tuphap.core.errors import ValidationFailed
from tuphap.core.pagination import StandardPagination, page_of


def _spec(case: Case) -> RegisterSpec | None:
    return registry.get(case.register) if case.register in registry.REGISTRY else None


class _RefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class _UserRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    username = serializers.CharField()
    full_name = serializers.CharField()


class CaseOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    register = serializers.CharField()
    register_name = serializers.SerializerMethodField()
    number = serializers.CharField(source="display_number")
    agency = _RefSerializer()
    place = _RefSerializer(
        allow_null=True, help_text="The case's place; null for a central-level case."
    )
    province_code = serializers.CharField(
        source="province.code", allow_null=True, help_text="Null for a central-level case."
    )
    central_level = serializers.BooleanField(
        source="is_central", help_text="A case of a national agency with no place."
    )
    place_label = serializers.CharField(
        help_text='The place\'s name, or "Central level" for a central-level case.'
    )
    event_date = serializers.DateField()
    rule_set = serializers.CharField()
    state = serializers.CharField()
    state_label = serializers.SerializerMethodField()
    state_since = serializers.DateTimeField()
    opened_at = serializers.DateTimeField()
    closed_at = serializers.DateTimeField(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True)
    due_date = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()
    overdue_since = serializers.DateTimeField(allow_null=True)
    paused_at = serializers.DateTimeField(allow_null=True)
    extensions_left = serializers.SerializerMethodField()
    assignee = _UserRefSerializer(allow_null=True)

    def get_register_name(self, case: Case) -> str:
        spec = _spec(case)
        return spec.name if spec else case.register

    def get_state_label(self, case: Case) -> str:
        spec = _spec(case)
        return spec.state_label(case.state) if spec else case.state

    def get_due_date(self, case: Case) -> str | None:
        return deadlines.local_date(case.due_at).isoformat() if case.due_at else None

    def get_overdue(self, case: Case) -> bool:
        return case.is_overdue(self.context.get("now") or timezone.now())

    def get_extensions_left(self, case: Case) -> int:
        return deadlines.extensions_left(case.clock or None)


class CaseActionOutputSerializer(serializers.Serializer[Any]):
    sequence = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    transition = serializers.CharField()
    actor = serializers.CharField(source="actor.username", allow_null=True, default=None)
    at = serializers.DateTimeField()
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    payload = serializers.JSONField()
    reason = serializers.CharField()


class TransitionOutputSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    title = serializers.CharField(source="label")
    target = serializers.CharField()
    target_label = serializers.SerializerMethodField()
    clock = serializers.CharField(source="clock_effect")
    deadline = serializers.SerializerMethodField()

    def get_target_label(self, transition: Transition) -> str:
        spec: RegisterSpec = self.context["spec"]
        return spec.state_label(transition.target)

    def get_deadline(self, transition: Transition) -> dict[str, Any] | None:
        rule = transition.deadline
        if rule is None:
            return None
        return {"amount": rule.amount, "unit": str(rule.unit), "basis": rule.basis}


def _allowed(case: Case, user: Any) -> list[Transition]:
    spec = _spec(case)
    if spec is None:  # a register no longer loaded offers nothing
        return []
    try:
        return workflow.allowed_transitions(
            spec=spec, case=case, actor=user, day=deadlines.local_date(timezone.now())
        )
    except registry.NoRuleSet:
        return []


def case_detail_data(case: Case, user: Any) -> dict[str, Any]:
    spec = _spec(case)
    data = dict(CaseOutputSerializer(case).data)
    timeline: list[CaseAction] = list(selectors.case_timeline(case))
    data["timeline"] = CaseActionOutputSerializer(timeline, many=True).data
    data["transitions"] = TransitionOutputSerializer(
        _allowed(case, user), many=True, context={"spec": spec}
    ).data
    return data


class RegisterCodeField(serializers.ChoiceField):
    """A register's code, one of those loaded now (DRF re-creates a field for every serializer,
    so a register added after start-up, as the tests do, is offered too)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=sorted(spec.code for spec in registry.REGISTRY.all()), **kwargs)


class CaseListApi(APIView):
    """Cases the caller may see, filtered and paginated."""

    class FilterSerializer(serializers.Serializer[Any]):
        register = RegisterCodeField(required=False)
        state = serializers.CharField(required=False)
        overdue = serializers.BooleanField(required=False, allow_null=True, default=None)
        assignee = serializers.RegexField(
            r"^(me|[1-9][0-9]{0,17})$", required=False, help_text="'me' or a user id"
        )
        due_before = serializers.DateField(required=False)
        search = serializers.CharField(required=False)
        ordering = serializers.ChoiceField(choices=list(selectors.ORDERINGS), default="due_at")

        def validate_assignee(self, value: str) -> str:
            if value != "me" and not value.isdigit():
                raise serializers.ValidationError(_("Use 'me' or a user id."))
            return value

    @extend_schema(parameters=[FilterSerializer], responses={200: page_of(CaseOutputSerializer)})
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        params = dict(filters.validated_data)
        assignee = params.pop("assignee", None)
        cases = selectors.case_list_for_user(
            request.user,
            assignee=request.user if assignee == "me" else (int(assignee) if assignee else None),
            **params,
        )
        paginator = StandardPagination()
        page = paginator.paginate_queryset(cases, request, self)
        return paginator.get_paginated_response(CaseOutputSerializer(page, many=True).data)


class CaseWorkqueueApi(APIView):
    """The caller's open cases: one section, paginated, with the counts of every section."""

    class FilterSerializer(serializers.Serializer[Any]):
        section = serializers.ChoiceField(
            choices=list(selectors.WORKQUEUE_SECTIONS), default="open"
        )
        due_soon_days = serializers.IntegerField(
            min_value=1, max_value=60, default=selectors.DEFAULT_DUE_SOON_DAYS
        )

    @extend_schema(
        parameters=[FilterSerializer],
        responses={
            200: page_of(
                CaseOutputSerializer,
                name="WorkqueuePage",
                section=serializers.ChoiceField(choices=list(selectors.WORKQUEUE_SECTIONS)),
                counts=serializers.DictField(child=serializers.IntegerField(min_value=0)),
                due_soon_until=serializers.DateTimeField(),
            )
        },
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        queue = selectors.workqueue_for_user(
            request.user, due_soon_days=filters.validated_data["due_soon_days"]
        )
        paginator = StandardPagination()
        page = paginator.paginate_queryset(
            queue.section(filters.validated_data["section"]), request, self
        )
        response = paginator.get_paginated_response(
            CaseOutputSerializer(page, many=True, context={"now": queue.now}).data
        )
        response.data = {
            "section": filters.validated_data["section"],
            "counts": queue.counts,
            "due_soon_until": queue.soon.isoformat(),
            **response.data,
        }
        return response


class CaseDetailApi(APIView):
    """One case with its timeline (the journal) and the transitions the caller may make."""

    @extend_schema(responses={200: CaseOutputSerializer})
    def get(self, request: Request, case_id: int) -> Response:
        case = selectors.case_get_for_user(request.user, case_id)
        return Response(case_detail_data(case, request.user))


class _ReasonSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class CaseTransitionsApi(APIView):
    """GET: the transitions the caller may make now. POST: make one (409 when not allowed)."""

    class InputSerializer(serializers.Serializer[Any]):
        transition = serializers.CharField(max_length=60)
        reason = serializers.CharField(
            required=False, allow_blank=True, default="", max_length=4000
        )
        payload = serializers.DictField(required=False, default=dict)

    @extend_schema(responses={200: TransitionOutputSerializer(many=True)})
    def get(self, request: Request, case_id: int) -> Response:
        case = selectors.case_get_for_user(request.user, case_id)
        return Response(
            TransitionOutputSerializer(
                _allowed(case, request.user), many=True, context={"spec": _spec(case)}
            ).data
        )

    @extend_schema(request=InputSerializer, responses={200: CaseOutputSerializer})
    def post(self, request: Request, case_id: int) -> Response:
        case = selectors.case_get_for_user(request.user, case_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = services.case_transition(actor=request.user, case=case, **data.validated_data)
        return Response(case_detail_data(case, request.user))


class CaseAssignApi(APIView):
    """Give the case to a user of its agency (a reassignment needs a reason)."""

    class InputSerializer(_ReasonSerializer):
        assignee = serializers.IntegerField()

    @extend_schema(request=InputSerializer, responses={200: CaseOutputSerializer})
    def post(self, request: Request, case_id: int) -> Response:
        case = selectors.case_get_for_user(request.user, case_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assignee = User.objects.filter(pk=data.validated_data["assignee"]).first()
        if assignee is None:
            raise ValidationFailed(
                _("No such user."), fields={"assignee": _("No user has this id.")}
            )
        case = services.case_assign(
            actor=request.user, case=case, assignee=assignee, reason=data.validated_data["reason"]
        )
        return Response(case_detail_data(case, request.user))


class CasePauseApi(APIView):
    """Stop the case's deadline clock (postponement, suspension)."""

    @extend_schema(request=_ReasonSerializer, responses={200: CaseOutputSerializer})
    def post(self, request: Request, case_id: int) -> Response:
        case = selectors.case_get_for_user(request.user, case_id)
        data = _ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = services.case_pause(actor=request.user, case=case, **data.validated_data)
        return Response(case_detail_data(case, request.user))


class CaseResumeApi(APIView):
    """Restart the clock; the due date moves back by the paused days."""

    @extend_schema(request=_ReasonSerializer, responses={200: CaseOutputSerializer})
    def post(self, request: Request, case_id: int) -> Response:
        case = selectors.case_get_for_user(request.user, case_id)
        data = _ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = services.case_resume(actor=request.user, case=case, **data.validated_data)
        return Response(case_detail_data(case, request.user))


class CaseExtendApi(APIView):
    """Extend the running deadline, within the rule's maximum number of extensions."""

    @extend_schema(request=_ReasonSerializer, responses={200: CaseOutputSerializer})
    def post(self, request: Request, case_id: int) -> Response:
        case = selectors.case_get_for_user(request.user, case_id)
        data = _ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = services.case_extend(actor=request.user, case=case, **data.validated_data)
        return Response(case_detail_data(case, request.user))


class NotificationListApi(APIView):
    """The caller's in-app notifications, newest first."""

    class FilterSerializer(serializers.Serializer[Any]):
        unread = serializers.BooleanField(required=False, allow_null=True, default=None)

    class OutputSerializer(serializers.Serializer[Any]):
        id = serializers.IntegerField()
        kind = serializers.CharField()
        text = serializers.CharField()
        case = serializers.IntegerField(source="case_id", allow_null=True)
        created_at = serializers.DateTimeField()
        read_at = serializers.DateTimeField(allow_null=True)

    @extend_schema(parameters=[FilterSerializer], responses={200: page_of(OutputSerializer)})
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        notifications = selectors.notification_list_for_user(
            request.user, unread=filters.validated_data["unread"]
        )
        paginator = StandardPagination()
        page = paginator.paginate_queryset(notifications, request, self)
        return paginator.get_paginated_response(self.OutputSerializer(page, many=True).data)


class NotificationReadApi(APIView):
    """Mark the caller's notifications as read (the listed ones, or all)."""

    class InputSerializer(serializers.Serializer[Any]):
        ids = serializers.ListField(child=serializers.IntegerField(), required=False, default=None)

    class OutputSerializer(serializers.Serializer[Any]):
        marked = serializers.IntegerField()

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        count = services.notification_mark_read(
            actor=request.user, notification_ids=data.validated_data["ids"]
        )
        return Response(self.OutputSerializer({"marked": count}).data)


class TimeInStateApi(APIView):
    """Median and 90th percentile of the days cases spend in each state, and overdue counts."""

    class FilterSerializer(serializers.Serializer[Any]):
        register = RegisterCodeField()
        agency = serializers.IntegerField(required=False, allow_null=True, default=None)
        date_from = serializers.DateField(required=False, allow_null=True, default=None)
        date_to = serializers.DateField(required=False, allow_null=True, default=None)
        include_open = serializers.BooleanField(default=True)
        by_agency = serializers.BooleanField(default=False)

    class OutputSerializer(serializers.Serializer[Any]):
        agency_id = serializers.IntegerField(allow_null=True)
        state = serializers.CharField()
        state_label = serializers.CharField(source="label")
        stays = serializers.IntegerField()
        open_stays = serializers.IntegerField()
        median_days = serializers.FloatField(allow_null=True)
        p90_days = serializers.FloatField(allow_null=True)
        overdue = serializers.IntegerField()

    @extend_schema(parameters=[FilterSerializer], responses={200: OutputSerializer(many=True)})
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        params = dict(filters.validated_data)
        figures = analytics.time_in_state(request.user, agency_id=params.pop("agency"), **params)
        return Response(self.OutputSerializer(figures, many=True).data)
