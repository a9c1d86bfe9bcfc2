"""The forms of the dissemination pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tuphap.outreach.dissemination import rules, services
from tuphap.outreach.people.forms import DATE, PlaceForm


class SessionForm(PlaceForm):
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    venue = forms.CharField(label=_("Venue"), max_length=255, required=False)
    form = forms.ChoiceField(label=_("Form (Art. 11)"), choices=rules.Form.choices)
    topics = forms.CharField(label=_("Topics"), widget=forms.Textarea(attrs={"rows": 2}))
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"),
        choices=rules.TargetGroup.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    participants = forms.IntegerField(label=_("Participants (lượt người)"), min_value=0, initial=0)
    contestants = forms.IntegerField(label=_("Contestants"), min_value=0, initial=0)
    materials = forms.IntegerField(
        label=_("Materials distributed (copies)"), min_value=0, initial=0
    )
    documents = forms.CharField(
        label=_("Documents disseminated"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "One a line: number and symbol, then a | and the title, "
            "e.g. 35/2013/QH13 | Luật Hòa giải ở cơ sở"
        ),
    )

    def __init__(self, *args: Any, leaders: Any, campaigns: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["leaders"] = forms.ModelMultipleChoiceField(
            label=_("Led by (reporters, propagandists)"), queryset=leaders, required=False
        )
        self.fields["campaign"] = forms.ModelChoiceField(
            label=_("Law Day campaign"), queryset=campaigns, required=False
        )

    def session_data(self) -> services.SessionData:
        data = self.cleaned_data
        documents = []
        for line in (data.get("documents") or "").splitlines():
            if line.strip():
                number, _sep, title = line.partition("|")
                documents.append(services.DocumentData(number.strip(), title.strip()))
        return services.SessionData(
            held_on=data["held_on"],
            form=data["form"],
            topics=data["topics"],
            target_groups=list(data["target_groups"]),
            participants=data["participants"],
            contestants=data["contestants"],
            materials=data["materials"],
            venue=data.get("venue") or "",
            documents=documents,
            leader_ids=[p.pk for p in data.get("leaders") or []],
            campaign_id=data["campaign"].pk if data.get("campaign") else None,
        )


class CampaignForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2013, max_value=2100)
    title = forms.CharField(label=_("Campaign title"), max_length=255)
    starts_on = forms.DateField(label=_("Campaign starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Campaign ends on"), widget=DATE)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))
    dry_run = forms.BooleanField(label=_("Check only, write nothing"), required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload
