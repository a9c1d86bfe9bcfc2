"""The civil status API (``/api/v1/civil-status/``): the same operations as the officer's pages.
Errors come back in the one error shape; a possible duplicate is a 409 whose ``fields`` list the
candidates (send ``different_person_confirmed: true`` to go on)."""

from __future__ import annotations

from typing import Any

from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.serializer_helpers import BindingDict
from rest_framework.views import APIView

from tuphap.accounts import jurisdiction
from tuphap.accounts.authentication import TokenAuthentication
from tuphap.civil_status.registration import selectors, services
from tuphap.civil_status.registration.models import Amendment, EventType, Person, Registration, Sex
from tuphap.core import audit
from tuphap.core.errors import NotFound
from tuphap.places.models import AdministrativeUnit


# The API's token and session authentication, the token read with its user's roles in one
# statement (tuphap.accounts.authentication). No docstring: the schema would take it as the
# description of every view.
class _RegisterApi(APIView):
    authentication_classes = [TokenAuthentication, SessionAuthentication]


# A serializer whose fields are built once per class, bound to a blank instance, instead of
# deep-copied (nested serializers and all) for every request. Only for serializers that keep no
# state on their fields and read no context: the fields, errors and schema are the same. (No
# docstring: the schema would take it as the description of every subclass.)
class _FieldsBuiltOnce(serializers.Serializer[Any]):
    @cached_property
    def fields(self) -> BindingDict:
        cls = type(self)
        built: BindingDict | None = cls.__dict__.get("_built_fields")
        if built is None:
            blank = cls()
            built = BindingDict(blank)
            for name, field in blank.get_fields().items():
                built[name] = field
            blank.__dict__["fields"] = built
            cls._built_fields = built  # type: ignore[attr-defined]
        return built


def _commune(user: Any, commune_id: int) -> AdministrativeUnit:
    """The unit with its province, read with the user's jurisdiction over it (one statement)."""
    unit = jurisdiction.unit_for(user, commune_id)
    if unit is None:
        raise NotFound(_("No such commune."), fields={"commune_id": _("No such commune.")})
    return unit


class PersonInputSerializer(serializers.Serializer[Any]):
    family_name = serializers.CharField(max_length=50)
    middle_name = serializers.CharField(max_length=80, required=False, default="", allow_blank=True)
    given_name = serializers.CharField(max_length=50)
    sex = serializers.ChoiceField(choices=Sex.choices)
    date_of_birth = serializers.DateField()
    place_of_birth = serializers.CharField(required=False, default="", allow_blank=True)
    native_place = serializers.CharField(required=False, default="", allow_blank=True)
    ethnicity = serializers.CharField(required=False, default="Kinh")
    nationality = serializers.CharField(required=False, default="Việt Nam")
    residence = serializers.CharField(required=False, default="", allow_blank=True)
    pin = serializers.CharField(max_length=12, required=False, default="", allow_blank=True)


class ParentInputSerializer(serializers.Serializer[Any]):
    full_name = serializers.CharField(max_length=200)
    year_of_birth = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=9999
    )
    ethnicity = serializers.CharField(required=False, default="Kinh")
    nationality = serializers.CharField(required=False, default="Việt Nam")
    residence = serializers.CharField(required=False, default="", allow_blank=True)
    pin = serializers.CharField(max_length=12, required=False, default="", allow_blank=True)


class DeclarantInputSerializer(serializers.Serializer[Any]):
    full_name = serializers.CharField(max_length=200)
    relationship = serializers.CharField(required=False, default="", allow_blank=True)
    id_number = serializers.CharField(required=False, default="", allow_blank=True)


class PersonOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    pin = serializers.CharField(allow_null=True)
    full_name = serializers.CharField()
    sex = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    place_of_birth = serializers.CharField()
    ethnicity = serializers.CharField()
    nationality = serializers.CharField()
    mother_name = serializers.CharField()
    father_name = serializers.CharField()
    died_on = serializers.DateField(allow_null=True)
    pin_requested_at = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField()


class RegistrationOutputSerializer(_FieldsBuiltOnce):
    id = serializers.IntegerField()
    event_type = serializers.CharField()
    volume_number = serializers.CharField(source="book.volume_number")
    entry_number = serializers.IntegerField()
    commune_id = serializers.IntegerField()
    person_id = serializers.IntegerField()
    other_person_id = serializers.IntegerField(allow_null=True)
    event_date = serializers.DateField(allow_null=True)
    registered_on = serializers.DateField()
    on_time = serializers.BooleanField(allow_null=True)
    is_re_registration = serializers.BooleanField()
    status = serializers.CharField()
    amendment_count = serializers.IntegerField()
    details = serializers.SerializerMethodField()

    def get_details(self, registration: Registration) -> dict[str, Any]:
        return registration.current_details()


def _person(data: dict[str, Any]) -> services.PersonData:
    return services.PersonData(**data)


def _one_of_record_or_data(attrs: dict[str, Any], parties: tuple[str, ...]) -> dict[str, Any]:
    """Each party is given either as an existing record (``<party>_id``) or as new data."""
    for party in parties:
        if (attrs[f"{party}_id"] is None) == (attrs[party] is None):
            raise serializers.ValidationError(
                {party: _("Give exactly one of %(party)s and %(party)s_id.") % {"party": party}}
            )
    return attrs


def _parties(
    user: Any, data: dict[str, Any], parties: tuple[str, ...]
) -> dict[str, Person | services.PersonData]:
    """The record each party names (within the user's jurisdiction), or their new data."""
    return {
        party: (
            selectors.person_get_for_user(user, data[f"{party}_id"])
            if data[f"{party}_id"]
            else _person(data[party])
        )
        for party in parties
    }


def _created(registration: Registration) -> Response:
    return Response(RegistrationOutputSerializer(registration).data, status=status.HTTP_201_CREATED)


class BirthRegisterApi(_RegisterApi):
    """Register a birth; the child's PIN is requested from the population database."""

    class InputSerializer(_FieldsBuiltOnce):
        commune_id = serializers.IntegerField()
        child = PersonInputSerializer()
        mother = ParentInputSerializer(required=False, allow_null=True, default=None)
        father = ParentInputSerializer(required=False, allow_null=True, default=None)
        declarant = DeclarantInputSerializer()
        received_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
        birth_certificate_number = serializers.CharField(
            required=False, default="", allow_blank=True
        )
        re_registration = serializers.BooleanField(required=False, default=False)
        foreign_element = serializers.BooleanField(required=False, default=False)
        different_person_confirmed = serializers.BooleanField(required=False, default=False)

    @extend_schema(request=InputSerializer, responses={201: RegistrationOutputSerializer})
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        registration = services.birth_register(
            actor=request.user,
            commune=_commune(request.user, data["commune_id"]),
            child=_person(data["child"]),
            mother=services.ParentData(**data["mother"]) if data["mother"] else None,
            father=services.ParentData(**data["father"]) if data["father"] else None,
            declarant=services.Declarant(**data["declarant"]),
            received_at=data["received_at"],
            birth_certificate_number=data["birth_certificate_number"],
            re_registration=data["re_registration"],
            foreign_element=data["foreign_element"],
            different_person_confirmed=data["different_person_confirmed"],
        )
        return _created(registration)


class DeathRegisterApi(_RegisterApi):
    """Register a death of a known record (``person_id``) or of a person entered here."""

    class InputSerializer(serializers.Serializer[Any]):
        commune_id = serializers.IntegerField()
        person_id = serializers.IntegerField(required=False, allow_null=True, default=None)
        deceased = PersonInputSerializer(required=False, allow_null=True, default=None)
        died_on = serializers.DateField()
        place_of_death = serializers.CharField(required=False, default="", allow_blank=True)
        cause = serializers.CharField(required=False, default="", allow_blank=True)
        declarant = DeclarantInputSerializer()
        received_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
        different_person_confirmed = serializers.BooleanField(required=False, default=False)

    @extend_schema(request=InputSerializer, responses={201: RegistrationOutputSerializer})
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        person = (
            selectors.person_get_for_user(request.user, data["person_id"])
            if data["person_id"]
            else None
        )
        registration = services.death_register(
            actor=request.user,
            commune=_commune(request.user, data["commune_id"]),
            person=person,
            deceased=_person(data["deceased"]) if data["deceased"] else None,
            died_on=data["died_on"],
            place_of_death=data["place_of_death"],
            cause=data["cause"],
            declarant=services.Declarant(**data["declarant"]),
            received_at=data["received_at"],
            different_person_confirmed=data["different_person_confirmed"],
        )
        return _created(registration)


class MarriageRegisterApi(_RegisterApi):
    """Register a marriage; each party is a known record (``*_id``) or entered here."""

    class InputSerializer(serializers.Serializer[Any]):
        commune_id = serializers.IntegerField()
        husband_id = serializers.IntegerField(required=False, allow_null=True, default=None)
        husband = PersonInputSerializer(required=False, allow_null=True, default=None)
        wife_id = serializers.IntegerField(required=False, allow_null=True, default=None)
        wife = PersonInputSerializer(required=False, allow_null=True, default=None)
        husband_previously_married = serializers.BooleanField(required=False, default=False)
        wife_previously_married = serializers.BooleanField(required=False, default=False)
        foreign_element = serializers.BooleanField(required=False, default=False)
        different_person_confirmed = serializers.BooleanField(required=False, default=False)

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            return _one_of_record_or_data(attrs, ("husband", "wife"))

    @extend_schema(request=InputSerializer, responses={201: RegistrationOutputSerializer})
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        parties = _parties(request.user, data, ("husband", "wife"))
        registration = services.marriage_register(
            actor=request.user,
            commune=_commune(request.user, data["commune_id"]),
            husband=parties["husband"],
            wife=parties["wife"],
            husband_previously_married=data["husband_previously_married"],
            wife_previously_married=data["wife_previously_married"],
            foreign_element=data["foreign_element"],
            different_person_confirmed=data["different_person_confirmed"],
        )
        return _created(registration)


class RegistrationRecordApi(_RegisterApi):
    """Register a parent–child recognition, a confirmation of marital status, or record a court
    or authority decision, about a known record."""

    class InputSerializer(serializers.Serializer[Any]):
        commune_id = serializers.IntegerField()
        event_type = serializers.ChoiceField(
            choices=[
                EventType.RECOGNITION.value,
                EventType.MARITAL_STATUS.value,
                EventType.COURT_DECISION.value,
            ]
        )
        person_id = serializers.IntegerField()
        other_person_id = serializers.IntegerField(required=False, allow_null=True, default=None)
        event_date = serializers.DateField(required=False, allow_null=True, default=None)
        details = serializers.DictField()
        foreign_element = serializers.BooleanField(required=False, default=False)

    @extend_schema(request=InputSerializer, responses={201: RegistrationOutputSerializer})
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        other = data["other_person_id"]
        registration = services.registration_record(
            actor=request.user,
            commune=_commune(request.user, data["commune_id"]),
            event_type=data["event_type"],
            person=selectors.person_get_for_user(request.user, data["person_id"]),
            other_person=selectors.person_get_for_user(request.user, other) if other else None,
            event_date=data["event_date"],
            details=data["details"],
            foreign_element=data["foreign_element"],
        )
        return _created(registration)


class RegistrationAmendApi(_RegisterApi):
    """Correct, change, supplement or delete (on a decision) a registered entry."""

    class InputSerializer(serializers.Serializer[Any]):
        kind = serializers.ChoiceField(choices=Amendment.Kind.choices)
        reason = serializers.CharField(max_length=500)
        legal_basis = serializers.CharField(max_length=500)
        changes = serializers.DictField(required=False, default=dict)
        decision_reference = serializers.CharField(required=False, default="", allow_blank=True)

    class OutputSerializer(serializers.Serializer[Any]):
        id = serializers.IntegerField()
        number = serializers.IntegerField()
        kind = serializers.CharField()
        changes = serializers.DictField()
        reason = serializers.CharField()
        legal_basis = serializers.CharField()
        decision_reference = serializers.CharField()

    @extend_schema(request=InputSerializer, responses={201: OutputSerializer})
    def post(self, request: Request, registration_id: int) -> Response:
        registration = selectors.registration_get_for_user(request.user, registration_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        amendment = services.registration_amend(
            actor=request.user, registration=registration, **serializer.validated_data
        )
        return Response(self.OutputSerializer(amendment).data, status=status.HTTP_201_CREATED)


class PersonSearchApi(_RegisterApi):
    """Search persons in the user's jurisdiction by PIN, or by name (with or without diacritics)
    and year of birth."""

    class FilterSerializer(serializers.Serializer[Any]):
        q = serializers.CharField(required=False, default="", allow_blank=True)
        year = serializers.IntegerField(
            required=False, allow_null=True, default=None, min_value=1, max_value=9999
        )

    @extend_schema(
        parameters=[FilterSerializer], responses={200: PersonOutputSerializer(many=True)}
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        found = selectors.person_search(
            request.user,
            query=filters.validated_data["q"],
            year_of_birth=filters.validated_data["year"],
        )
        return Response(PersonOutputSerializer(found, many=True).data)


class PersonDetailApi(_RegisterApi):
    """A person's record, its versions and entries. The read is audited."""

    class OutputSerializer(PersonOutputSerializer):
        versions = serializers.SerializerMethodField()
        registrations = serializers.SerializerMethodField()

        def get_versions(self, person: Person) -> list[dict[str, Any]]:
            return [
                {"number": v.number, "reason": v.reason, "data": v.data, "at": v.created_at}
                for v in self.context["versions"]
            ]

        def get_registrations(self, person: Person) -> list[dict[str, Any]]:
            return list(RegistrationOutputSerializer(self.context["registrations"], many=True).data)

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request: Request, person_id: int) -> Response:
        person = selectors.person_get_for_user(request.user, person_id)
        audit.record_read(actor=request.user, action="civil_status.person.viewed", obj=person)
        history = selectors.person_history(person)
        return Response(self.OutputSerializer(person, context=history).data)


class RegistrationFindApi(_RegisterApi):
    """Find an entry by its book's volume number and entry number."""

    class FilterSerializer(serializers.Serializer[Any]):
        volume_number = serializers.CharField(required=False, default="", allow_blank=True)
        entry_number = serializers.IntegerField(min_value=1)
        year = serializers.IntegerField(
            required=False, allow_null=True, default=None, min_value=1, max_value=9999
        )
        event_type = serializers.CharField(required=False, allow_null=True, default=None)

    @extend_schema(
        parameters=[FilterSerializer], responses={200: RegistrationOutputSerializer(many=True)}
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        found = selectors.registration_find(request.user, **filters.validated_data)
        return Response(RegistrationOutputSerializer(found, many=True).data)


class PinPendingListApi(_RegisterApi):
    """Persons whose PIN was requested and has not arrived, oldest request first."""

    @extend_schema(responses={200: PersonOutputSerializer(many=True)})
    def get(self, request: Request) -> Response:
        rows = selectors.pins_pending_for_user(request.user)[:500]
        return Response(PersonOutputSerializer(rows, many=True).data)


class GuardianshipRegisterApi(_RegisterApi):
    """Register a guardianship: the ward and the guardian are each a known record (``*_id``) or
    entered here; the guardian must be a living adult (BLDS 2015 Art. 49)."""

    class InputSerializer(serializers.Serializer[Any]):
        commune_id = serializers.IntegerField()
        ward_id = serializers.IntegerField(required=False, allow_null=True, default=None)
        ward = PersonInputSerializer(required=False, allow_null=True, default=None)
        guardian_id = serializers.IntegerField(required=False, allow_null=True, default=None)
        guardian = PersonInputSerializer(required=False, allow_null=True, default=None)
        kind = serializers.ChoiceField(choices=["by_law", "appointed"])
        relationship = serializers.CharField(required=False, default="", allow_blank=True)
        grounds = serializers.CharField(required=False, default="", allow_blank=True)
        received_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
        foreign_element = serializers.BooleanField(required=False, default=False)
        different_person_confirmed = serializers.BooleanField(required=False, default=False)

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            return _one_of_record_or_data(attrs, ("ward", "guardian"))

    @extend_schema(request=InputSerializer, responses={201: RegistrationOutputSerializer})
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        parties = _parties(request.user, data, ("ward", "guardian"))
        registration = services.guardianship_register(
            actor=request.user,
            commune=_commune(request.user, data["commune_id"]),
            ward=parties["ward"],
            guardian=parties["guardian"],
            kind=data["kind"],
            relationship=data["relationship"],
            grounds=data["grounds"],
            received_at=data["received_at"],
            foreign_element=data["foreign_element"],
            different_person_confirmed=data["different_person_confirmed"],
        )
        return _created(registration)
