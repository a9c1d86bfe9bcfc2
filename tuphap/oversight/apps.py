from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "tuphap.oversight"
    label = "oversight"
    verbose_name = _("Reception, complaints and inspections")

    def ready(self) -> None:
        self._ready_complaints()
        self._ready_reception()
        self._ready_compensation()
        self._ready_inspections()
        self._ready_bottlenecks()
        self._ready_people()

    def _ready_people(self) -> None:
        from tuphap.core import people as core_people
        from tuphap.oversight import people, reactions

        core_people.on_death("oversight", reactions.person_died)
        core_people.add_provider(
            core_people.Provider(
                "oversight", _("Letters and complaints"), people.may_read, people.facts, 40
            )
        )

    def _ready_bottlenecks(self) -> None:
        from tuphap.core import bottlenecks
        from tuphap.oversight.inspections import bottlenecks as inspections_bottlenecks
        from tuphap.oversight.reception import bottlenecks as reception_bottlenecks

        bottlenecks.add_source(
            bottlenecks.Source("oversight.letters_late", reception_bottlenecks.letters_late, 50)
        )
        bottlenecks.add_source(
            bottlenecks.Source(
                "oversight.recommendations_late", inspections_bottlenecks.recommendations_late, 60
            )
        )

    def _ready_complaints(self) -> None:
        from tuphap.casework import registry
        from tuphap.core import dashboard, navigation
        from tuphap.core.navigation import Link
        from tuphap.oversight.complaints import home as complaints_home
        from tuphap.oversight.complaints import workflow as complaints
        from tuphap.oversight.denunciations import workflow as denunciations

        registry.register(complaints.SPEC)
        registry.register(denunciations.SPEC)
        dashboard.add_card(
            dashboard.Card(
                "oversight_complaints",
                "oversight/complaint_home_card.html",
                complaints_home.complaints_work,
                32,
            )
        )
        readers = complaints.SPEC.reader_roles()
        for label, url_name, roles in (
            (_("Complaints workqueue"), "oversight:complaint_workqueue", complaints.STAFF),
            (_("Import complaints from a file"), "oversight:complaint_import", complaints.STAFF),
            (
                _("Import denunciations from a file"),
                "oversight:denunciation_import",
                denunciations.STAFF,
            ),
            (_("Complaints"), "oversight:complaint_list", readers),
            (_("Complaints dashboard"), "oversight:complaint_dashboard", readers),
            (_("Denunciations workqueue"), "oversight:denunciation_workqueue", denunciations.STAFF),
            (_("Denunciations"), "oversight:denunciation_list", readers),
            (_("Denunciations dashboard"), "oversight:denunciation_dashboard", readers),
        ):
            navigation.add_link("oversight", Link(label, url_name, roles))

    def _ready_reception(self) -> None:
        from tuphap.core import dashboard, navigation
        from tuphap.core.navigation import Link
        from tuphap.oversight import home
        from tuphap.oversight.reception import permissions as reception

        dashboard.add_card(
            dashboard.Card(
                "oversight_letters", "oversight/reception_home_card.html", home.letters_work, 30
            )
        )
        for label, url_name, roles in (
            (_("Letters to handle"), "oversight:letter_queue", reception.WORKERS),
            (_("Register a letter"), "oversight:letter_new", reception.WORKERS),
            (_("Import letters from a file"), "oversight:letter_import", reception.WORKERS),
            (_("Letters"), "oversight:letter_list", reception.READERS),
            (_("Reception of citizens"), "oversight:reception_list", reception.READERS),
            (
                _("Biểu 01/XLD: results of letter handling"),
                "oversight:letter_report",
                reception.READERS,
            ),
        ):
            navigation.add_link("oversight", Link(label, url_name, roles))

    def _ready_compensation(self) -> None:
        from tuphap.casework import registry
        from tuphap.core import dashboard, navigation
        from tuphap.core.navigation import Link
        from tuphap.oversight import home
        from tuphap.oversight.compensation import permissions as compensation
        from tuphap.oversight.compensation import workflow as compensation_workflow

        registry.register(compensation_workflow.SPEC)
        dashboard.add_card(
            dashboard.Card(
                "oversight_compensation",
                "oversight/compensation_home_card.html",
                home.compensation_work,
                31,
            )
        )
        officer = frozenset({compensation_workflow.OFFICER})
        for label, url_name, roles in (
            (_("Compensation workqueue"), "oversight:compensation_workqueue", officer),
            (_("New compensation claim"), "oversight:compensation_new", officer),
            (_("Compensation claims"), "oversight:compensation_list", compensation.READERS),
            (_("Compensation dashboard"), "oversight:compensation_dashboard", compensation.READERS),
        ):
            navigation.add_link("oversight", Link(label, url_name, roles))

    def _ready_inspections(self) -> None:
        from tuphap.casework import registry
        from tuphap.core import dashboard, navigation
        from tuphap.core.navigation import Link
        from tuphap.oversight.inspections import home as inspections_home
        from tuphap.oversight.inspections import permissions as inspections
        from tuphap.oversight.inspections import workflow as inspections_workflow

        registry.register(inspections_workflow.SPEC)
        dashboard.add_card(
            dashboard.Card(
                "oversight_inspections",
                "oversight/inspection_home_card.html",
                inspections_home.inspections_work,
                33,
            )
        )
        for label, url_name, roles in (
            (
                _("Inspections workqueue"),
                "oversight:inspection_workqueue",
                inspections_workflow.STAFF,
            ),
            (_("Inspections"), "oversight:inspection_list", inspections.READERS),
            (_("Inspection plan"), "oversight:inspection_plan", inspections.READERS),
            (
                _("Recommendations tracker"),
                "oversight:inspection_recommendations",
                inspections.READERS,
            ),
        ):
            navigation.add_link("oversight", Link(label, url_name, roles))
