"""Forms of the law-making programme and appraisal pages. They parse; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tuphap.accounts.models import Agency, AgencyLevel
from tuphap.legislation.documents.models import DocumentType
from tuphap.legislation.programme.models import Conclusion, ItemKind

DATE = forms.DateInput(attrs={"type": "date"})


def _central_agencies() -> Any:
    """The ministry, its units and the other central bodies."""
    return Agency.objects.filter(level=AgencyLevel.NATIONAL)


class ProgrammeForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    resolution = forms.CharField(label=_("Adopting resolution"), max_length=120)
    adopted_on = forms.DateField(label=_("Adopted on"), widget=DATE)


class ItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500)
    kind = forms.ChoiceField(label=_("Kind"), choices=ItemKind.choices)
    lead_agency = forms.ModelChoiceField(label=_("Lead agency"), queryset=Agency.objects.none())
    legislature = forms.IntegerField(label=_("Legislature (term)"), initial=15)
    session = forms.IntegerField(label=_("Session number"))
    planned_month = forms.IntegerField(label=_("Planned month"), min_value=1, max_value=12)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["lead_agency"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared just above
        field.queryset = _central_agencies().order_by("code")


class ReasonForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), max_length=500)
    decision_reference = forms.CharField(label=_("Decision"), max_length=120)


class DossierForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("proposal", _("Policy proposal")), ("draft", _("Draft"))]
    )
    title = forms.CharField(label=_("Title"), max_length=500)
    doc_type = forms.ChoiceField(label=_("Document type"), choices=DocumentType.choices)
    drafting_agency = forms.ModelChoiceField(
        label=_("Drafting agency"), queryset=Agency.objects.none()
    )
    item = forms.IntegerField(label=_("Programme item (number)"), required=False, min_value=1)
    received_on = forms.DateField(label=_("Received on"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["drafting_agency"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared just above
        field.queryset = _central_agencies().order_by("code")


class RequestAppraisalForm(forms.Form):
    requested_on = forms.DateField(label=_("Full dossier received on"), widget=DATE)


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("What is missing"), max_length=500)
    returned_on = forms.DateField(label=_("Returned on"), widget=DATE)


class AppraisalForm(forms.Form):
    report_reference = forms.CharField(label=_("Appraisal report number"), max_length=120)
    report_on = forms.DateField(label=_("Report date"), widget=DATE)
    conclusion = forms.ChoiceField(label=_("Conclusion"), choices=Conclusion.choices)


class SubmitForm(forms.Form):
    submission_reference = forms.CharField(label=_("Submission number"), max_length=120)
    submitted_on = forms.DateField(label=_("Submitted on"), widget=DATE)


class AdoptForm(forms.Form):
    adopted_on = forms.DateField(label=_("Adopted on"), widget=DATE, required=False)
    document_number = forms.CharField(
        label=_("Number of the registered document"),
        max_length=60,
        required=False,
        help_text=_("For a draft: the promulgated document, registered first."),
    )


class PublishForm(forms.Form):
    published_on = forms.DateField(label=_("Published on"), widget=DATE)
    publication = forms.CharField(
        label=_("Published in"),
        max_length=200,
        initial="Công báo; Cơ sở dữ liệu quốc gia về pháp luật",
    )


class PostponeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)
    decision_reference = forms.CharField(label=_("Decision"), max_length=120)
    postponed_on = forms.DateField(label=_("Postponed on"), widget=DATE)


class ResumeForm(forms.Form):
    resumed_on = forms.DateField(label=_("Resumed on"), widget=DATE)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)
    decision_reference = forms.CharField(label=_("Decision"), max_length=120)
    withdrawn_on = forms.DateField(label=_("Withdrawn on"), widget=DATE)
