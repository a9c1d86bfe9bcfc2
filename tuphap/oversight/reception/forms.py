"""The forms of the reception desk and the letter pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuphap.accounts.models import Agency
from tuphap.oversight.reception import rules
from tuphap.oversight.reception.services import LetterData, ReceptionData, SenderData

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _blank(choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", "—"), *choices]


def _today() -> Any:
    return timezone.localdate()


class LetterForm(forms.Form):
    """The reception desk: the letter, its first sender, the others one per line, and (if the
    officer knows it at once) its classification."""

    received_on = forms.DateField(label=_("Received on"), widget=DATE, initial=_today)
    channel = forms.ChoiceField(label=_("Channel"), choices=rules.Channel.choices)
    full_name = forms.CharField(label=_("Sender"), max_length=200)
    pin = forms.CharField(label=_("Personal identification number"), max_length=12, required=False)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    others = forms.CharField(
        label=_("Other senders (one a line: name; identification number; address)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    subject = forms.CharField(label=_("Subject of the letter"), max_length=255, required=False)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 5}))
    classification = forms.ChoiceField(
        label=_("Classification"), choices=_blank(rules.Classification.choices), required=False
    )
    field = forms.ChoiceField(label=_("Field"), choices=_blank(rules.Field.choices), required=False)
    competence = forms.ChoiceField(
        label=_("Competence"), choices=_blank(rules.Competence.choices), required=False
    )
    ineligible_reason = forms.ChoiceField(
        label=_("Reason not eligible"),
        choices=_blank(rules.IneligibleReason.choices),
        required=False,
    )
    same_matter_as = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def senders(self) -> tuple[SenderData, ...]:
        data = self.cleaned_data
        first = SenderData(
            full_name=data["full_name"],
            pin=data.get("pin") or "",
            address=data.get("address") or "",
            phone=data.get("phone") or "",
            representative=True,
        )
        others = []
        for line in (data.get("others") or "").splitlines():
            parts = [part.strip() for part in line.split(";")]
            if not parts[0]:
                continue
            parts += ["", ""]
            others.append(SenderData(full_name=parts[0], pin=parts[1], address=parts[2]))
        return (first, *others)

    def letter_data(self) -> LetterData:
        data = self.cleaned_data
        return LetterData(
            received_on=data["received_on"],
            channel=data["channel"],
            content=data["content"],
            senders=self.senders(),
            subject=data.get("subject") or "",
            classification=data.get("classification") or "",
            field=data.get("field") or "",
            competence=data.get("competence") or "",
            ineligible_reason=data.get("ineligible_reason") or "",
        )


class ClassifyForm(forms.Form):
    classification = forms.ChoiceField(
        label=_("Classification"), choices=rules.Classification.choices
    )
    field = forms.ChoiceField(label=_("Field"), choices=_blank(rules.Field.choices), required=False)
    competence = forms.ChoiceField(
        label=_("Competence"), choices=_blank(rules.Competence.choices), required=False
    )
    ineligible_reason = forms.ChoiceField(
        label=_("Reason not eligible"),
        choices=_blank(rules.IneligibleReason.choices),
        required=False,
    )
    note = forms.CharField(label=_("Note"), max_length=255, required=False)
    on = forms.DateField(label=_("Date"), widget=DATE, initial=_today)


class GuideForm(forms.Form):
    to_name = forms.CharField(label=_("Competent body"), max_length=255)
    guidance = forms.CharField(
        label=_("Guidance given"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    on = forms.DateField(label=_("Date"), widget=DATE, initial=_today)


class TransferForm(forms.Form):
    to_agency = forms.ModelChoiceField(
        label=_("Agency in the system"), queryset=Agency.objects.all(), required=False
    )
    to_name = forms.CharField(label=_("Competent body"), max_length=255, required=False)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)
    on = forms.DateField(label=_("Date"), widget=DATE, initial=_today)


class UrgeForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=255, required=False)
    on = forms.DateField(label=_("Date"), widget=DATE, initial=_today)


class ReceptionForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DATE, initial=_today)
    kind = forms.ChoiceField(label=_("Kind of reception"), choices=rules.SessionKind.choices)
    mode = forms.ChoiceField(label=_("Mode"), choices=rules.SessionMode.choices)
    received_by = forms.CharField(label=_("Received by"), max_length=200)
    citizen_name = forms.CharField(label=_("Citizen received"), max_length=200)
    citizen_pin = forms.CharField(
        label=_("Personal identification number"), max_length=12, required=False
    )
    citizen_address = forms.CharField(label=_("Address"), max_length=255, required=False)
    headcount = forms.IntegerField(label=_("Number of people received"), min_value=1, initial=1)
    delegation = forms.BooleanField(label=_("A crowd (đoàn đông người)"), required=False)
    raised = forms.CharField(label=_("What was raised"), widget=forms.Textarea(attrs={"rows": 3}))
    classification = forms.ChoiceField(
        label=_("Classification"), choices=_blank(rules.Classification.choices), required=False
    )
    with_letter = forms.BooleanField(
        label=_("The citizen handed in a letter: register it"), required=False
    )

    def reception_data(self) -> ReceptionData:
        data = self.cleaned_data
        return ReceptionData(
            held_on=data["held_on"],
            kind=data["kind"],
            mode=data["mode"],
            received_by=data["received_by"],
            citizen_name=data["citizen_name"],
            citizen_pin=data.get("citizen_pin") or "",
            citizen_address=data.get("citizen_address") or "",
            headcount=data["headcount"],
            delegation=bool(data.get("delegation")),
            raised=data["raised"],
            classification=data.get("classification") or "",
        )

    def letter_data(self) -> LetterData | None:
        data = self.cleaned_data
        if not data.get("with_letter"):
            return None
        return LetterData(
            received_on=data["held_on"],
            channel=rules.Channel.RECEPTION,
            content=data["raised"],
            senders=(
                SenderData(
                    full_name=data["citizen_name"],
                    pin=data.get("citizen_pin") or "",
                    address=data.get("citizen_address") or "",
                    representative=True,
                ),
            ),
        )


class ReportForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DATE)
    end = forms.DateField(label=_("To"), widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The end is before the start."))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))
    dry_run = forms.BooleanField(label=_("Only check the file"), required=False)
