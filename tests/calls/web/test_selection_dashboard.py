"""The assessment and selection section of "Mitt arbeid" (calls/selection/_dashboard.html)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from samla.calls import services
from tests.calls.conftest import decide_politically, write_application


def section(world, who) -> str:
    request = RequestFactory().get("/work/")
    request.user = world.users[who]
    with translation.override("nb"):
        return render_to_string("calls/selection/_dashboard.html", {"request": request})


def test_each_role_sees_its_own_waiting_work(world, call, open_round) -> None:
    elverum = write_application(world, call)
    decide_politically(world, elverum)
    write_application(world, call, who="tynset")

    resource = section(world, "resource")
    assert "Søknader som venter på din vurdering" in resource
    assert "Vurder Elverum (Sak 2019/6452)" in resource and "Vurder Tynset (Sak 2019/6452)" in resource

    governor = section(world, "governor")
    assert "Ranger og send videre kandidatene i Sak 2019/6452 (2 innsendte søknader)" in governor

    assert section(world, "directorate").strip() == ""  # nothing forwarded yet
    services.recommendation_forward(actor=world.users["governor"], call=call, ranking=[elverum])
    directorate = section(world, "directorate")
    assert "Vedta deltakerne i 0–24 pilot" in directorate
    assert "Anbefalingen for Sak 2019/6452 er sendt videre" in section(world, "governor")

    services.selection_decide(actor=world.users["directorate"], programme_round=open_round, selected=[elverum])
    assert "Vedta deltakerne" not in section(world, "directorate")


def test_other_roles_see_nothing(world, call) -> None:
    write_application(world, call)
    for who in ("elverum", "evaluator", "outsider", "resource_other_region"):
        assert section(world, who).strip() == "", who
