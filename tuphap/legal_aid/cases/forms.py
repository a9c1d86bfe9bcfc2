"""The forms of the legal aid pages. Times are entered in Việt Nam's time."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tuphap.core.deadlines import LOCAL_TIME_ZONE
from tuphap.legal_aid.cases import rules
from tuphap.legal_aid.cases.models import Sex
from tuphap.places.models import AdministrativeUnit

DATE = forms.DateInput(attrs={"type": "date"})
MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
MOMENT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def local(moment: datetime.datetime | None) -> datetime.datetime | None:
    """A time typed in a form, read as Việt Nam's time."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=LOCAL_TIME_ZONE)
    return moment


class MomentField(forms.DateTimeField):
    widget = MOMENT

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(input_formats=MOMENT_FORMATS, **kwargs)

    def to_python(self, value: Any) -> datetime.datetime | None:
        result = super().to_python(value)
        return local(result.replace(tzinfo=None) if result else None)


class RequestForm(forms.Form):
    """A request for legal aid (Mẫu 02)."""

    place = forms.ModelChoiceField(
        label=_("Place of residence (commune)"), queryset=AdministrativeUnit.objects.none()
    )
    full_name = forms.CharField(label=_("Person helped"), max_length=200)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    date_of_birth = forms.DateField(label=_("Date of birth"), widget=DATE, required=False)
    pin = forms.CharField(label=_("Personal identification number"), max_length=12, required=False)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    group = forms.ChoiceField(label=_("Eligibility group"), choices=rules.Group.choices)
    proof = forms.CharField(label=_("Proof of eligibility"), max_length=300, required=False)
    financial_difficulty = forms.ChoiceField(
        label=_("Financial difficulty"), choices=rules.FinancialDifficulty.choices, required=False
    )
    especially_difficult_area = forms.BooleanField(
        label=_("Lives in an especially difficult area"), required=False
    )
    matter = forms.CharField(
        label=_("Matter"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    form = forms.ChoiceField(label=_("Form of legal aid"), choices=rules.Form.choices)
    field = forms.ChoiceField(label=_("Field"), choices=rules.Field.choices)
    procedural_status = forms.ChoiceField(
        label=_("Status in criminal proceedings"),
        choices=rules.ProceduralStatus.choices,
        required=False,
    )
    stage = forms.ChoiceField(
        label=_("Stage of proceedings"), choices=rules.Stage.choices, required=False
    )
    requested_at = MomentField(label=_("Requested at"))

    def __init__(self, *args: Any, places: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if places is not None:
            field = self.fields["place"]
            assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
            field.queryset = places

    REQUEST_FIELDS = (
        "full_name",
        "sex",
        "date_of_birth",
        "pin",
        "address",
        "group",
        "proof",
        "financial_difficulty",
        "especially_difficult_area",
        "matter",
        "form",
        "field",
        "procedural_status",
        "stage",
        "requested_at",
    )

    def request_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data.get(name) for name in self.REQUEST_FIELDS if name in self.fields}


class NoticeForm(RequestForm):
    """A procedural body's notice of a person's request (TTLT 10/2018 Art. 3)."""

    body_kind = forms.ChoiceField(label=_("Procedural body"), choices=rules.BodyKind.choices)
    body_name = forms.CharField(label=_("Name of the body"), max_length=255)
    officer_name = forms.CharField(label=_("Officer who notified"), max_length=200, required=False)
    notified_at = MomentField(label=_("The body notified the centre at"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["requested_at"].label = _("The person asked at")
        self.fields["form"].initial = rules.Form.PARTICIPATION
        self.fields["field"].initial = rules.Field.CRIMINAL
        self.order_fields(
            ["body_kind", "body_name", "officer_name", "requested_at", "notified_at", "place"]
        )


class AcceptForm(forms.Form):
    immediate = forms.BooleanField(label=_("Accept immediately"), required=False)
    ground = forms.ChoiceField(
        label=_("Ground of immediate acceptance"),
        choices=[("", "—"), *rules.ImmediateGround.choices],
        required=False,
    )


class AssignForm(forms.Form):
    performer = forms.ChoiceField(label=_("Performer"))

    def __init__(self, *args: Any, performers: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["performer"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared above
        field.choices = [(str(p.pk), f"{p.full_name} ({p.document_number})") for p in performers]


class StepForm(forms.Form):
    transition = forms.ChoiceField(label=_("Step"))
    ground = forms.ChoiceField(
        label=_("Ground"),
        choices=[
            ("", "—"),
            (_("Refusal (Art. 30(3))"), rules.RefusalGround.choices),
            (_("Discontinuation (Art. 37(1))"), rules.DiscontinueGround.choices),
        ],
        required=False,
    )
    transferred_to = forms.ChoiceField(label=_("Transfer to"), required=False)
    result = forms.CharField(
        label=_("Result"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    reason = forms.CharField(label=_("Reason or note"), max_length=500, required=False)

    def __init__(self, *args: Any, transitions: Any = (), centres: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        step = self.fields["transition"]
        assert isinstance(step, forms.ChoiceField)  # noqa: S101 - declared above
        step.choices = [(t.name, t.label) for t in transitions]
        target = self.fields["transferred_to"]
        assert isinstance(target, forms.ChoiceField)  # noqa: S101 - declared above
        target.choices = [("", "—"), *[(str(c.pk), c.name) for c in centres]]


class EvaluateForm(forms.Form):
    complex_typical = forms.BooleanField(label=_("Complex, typical case"), required=False)
    criteria = forms.MultipleChoiceField(
        label=_("Criteria met (TT 09/2018)"),
        choices=rules.Criterion.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    evaluation = forms.CharField(
        label=_("Evaluation"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    satisfaction = forms.ChoiceField(
        label=_("Satisfaction (Mẫu 11)"), choices=rules.Satisfaction.choices, required=False
    )


class PapersForm(forms.Form):
    papers_received_on = forms.DateField(label=_("Papers received on"), widget=DATE)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))
    dry_run = forms.BooleanField(label=_("Check only, write nothing"), required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload
