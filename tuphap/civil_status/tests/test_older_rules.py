"""A birth of 2021 is registered at the ward of its day under the rules then in force (Luật Hộ
tịch 60/2014/QH13, NĐ 123/2015/NĐ-CP, from 1 Jan 2016, unchanged through the term), and a file
received in 2022 is handled by the applications register under `hotich-2016`
(docs/domain/rule-sets.md)."""

from __future__ import annotations

import datetime
from typing import Any

import time_machine

from tuphap.casework.models import Case
from tuphap.civil_status.applications import services as applications
from tuphap.civil_status.applications import workflow as applications_workflow
from tuphap.civil_status.tests import factories

VN = datetime.timezone(datetime.timedelta(hours=7))
D = datetime.date


def test_a_birth_of_2021_is_registered_at_the_ward_of_its_day(world: Any) -> None:
    officer = world.users["civil_status_officer"]

    registration = factories.birth(
        officer,
        world.vinh_old,
        child=factories.child(date_of_birth=D(2021, 2, 20)),
        registered_on=D(2021, 3, 1),
    )

    assert (registration.registered_on, registration.commune_id) == (
        D(2021, 3, 1),
        world.vinh_old.pk,
    )


def test_a_birth_file_of_2022_is_handled_under_the_2014_law(world: Any) -> None:
    officer = world.users["civil_status_officer"]
    with time_machine.travel(datetime.datetime(2022, 3, 7, 9, 0, tzinfo=VN), tick=False):
        application = factories.application(
            officer,
            world.vinh_old,
            data=factories.birth_data(
                child={
                    "family_name": "Lê",
                    "middle_name": "Minh",
                    "given_name": "Khang",
                    "sex": "male",
                    "date_of_birth": "2022-02-20",
                    "place_of_birth": "Trạm y tế phường Lê Mao",
                },
                birth_certificate_number="GCS-2022-001",
            ),
        )
        accepted = applications.application_accept(actor=officer, application=application)

    case = Case.objects.get(pk=accepted.case_id)
    assert (case.rule_set, case.place_id) == ("hotich-2016", world.vinh_old.pk)
    # "Immediately": accepted Monday 7 Mar 2022 at 09:00, due the same working day.
    assert accepted.due_on == D(2022, 3, 7)
    assert applications_workflow.SPEC.rule_set_on(D(2021, 1, 1)).code == "hotich-2016"
