"""Programme rounds: calls:round_list, round_create, round_detail, round_open, round_close."""

from __future__ import annotations

from django.urls import reverse

from samla.allocation.models import Programme, ProgrammeScheme
from samla.audit.models import AuditEvent
from samla.calls import services
from samla.calls.models import ProgrammeRound
from samla.schemes.models import Scheme
from tests.calls.web.conftest import ALL_ROLES, CHILD_WARNING, statuses

LIST = reverse("calls:round_list")
CREATE = reverse("calls:round_create")
READERS = {"directorate", "evaluator", "governor", "governor_other_region"}


def _schemes():
    return [Scheme.objects.create(key="231.63", ministry="KD", title="Språkstimulering"),
            Scheme.objects.create(key="846.62", ministry="BFD", title="Losfunksjoner", method=Scheme.Method.KEY)]


def test_round_list_for_national_roles_and_county_governors_only(login, open_round) -> None:
    codes = statuses(login, LIST)
    assert {who for who, code in codes.items() if code == 200} == READERS
    assert {code for who, code in codes.items() if who not in READERS} == {403}
    html = login("directorate").get(LIST).content.decode()
    assert "0–24 pilot" in html and "Åpen for søknader" in html


def test_round_list_exports_csv_and_xlsx(login, open_round) -> None:
    csv = login("directorate").get(LIST, {"export": "csv"})
    assert csv["Content-Type"].startswith("text/csv") and "0–24 pilot" in csv.content.decode("utf-8-sig")
    assert login("directorate").get(LIST, {"export": "xlsx"}).content[:2] == b"PK"


def test_only_the_directorate_may_create(login, world) -> None:
    codes = statuses(login, CREATE)
    assert codes.pop("directorate") == 200 and set(codes.values()) == {403}
    assert login("governor").post(CREATE, {"name": "X"}).status_code == 403
    assert not Programme.objects.filter(name="X").exists()


def test_create_writes_programme_schemes_and_draft_round_with_audit(login, world) -> None:
    schemes = _schemes()
    response = login("directorate").post(CREATE, {
        "name": "Programfinansiering 2024", "first_year": 2024, "last_year": 2026,
        "schemes": [s.pk for s in schemes], "regions": [world.regions["innlandet"].pk],
        "max_per_region": 3, "criteria": "Motivasjon og kapasitet."})
    programme = Programme.objects.get(name="Programfinansiering 2024")
    round_ = programme.round
    assert response.status_code == 302 and response["Location"] == reverse("calls:round_detail", args=[round_.pk])
    assert round_.status == ProgrammeRound.Status.DRAFT and round_.max_per_region == 3
    assert round_.population_year == 2023 and list(round_.regions.all()) == [world.regions["innlandet"]]
    rules = {r.scheme.key: r for r in ProgrammeScheme.objects.filter(programme=programme)}
    assert rules["231.63"].base_year == 2023 and rules["846.62"].method == "key"
    assert set(AuditEvent.objects.values_list("action", flat=True)) >= {"programme.create", "programme_round.create"}


def test_bad_input_gives_errors_in_bokmaal_and_changes_nothing(login, world) -> None:
    response = login("directorate").post(CREATE, {"name": "", "first_year": 2024, "last_year": 2020,
                                                  "max_per_region": 0, "criteria": ""})
    html = response.content.decode()
    assert response.status_code == 200 and not Programme.objects.filter(first_year=2024).exists()
    assert "Det er et problem" in html and "Siste år må være det samme som eller etter første år." in html
    assert 'href="#id_last_year"' in html and 'aria-describedby="id_last_year_error"' in html
    assert 'href="#id_schemes_0"' in html
    assert CHILD_WARNING in html and "id_criteria_helptext id_criteria_error" in html


def test_round_detail_readable_by_directorate_evaluator_and_governors_of_its_regions(login, world) -> None:
    round_ = services.programme_round_create(actor=world.users["directorate"], programme=world.programme,
                                             regions=[world.regions["innlandet"]], criteria="K.", population_year=2019)
    url = reverse("calls:round_detail", args=[round_.pk])
    codes = statuses(login, url)
    assert {who for who, code in codes.items() if code == 200} == {"directorate", "evaluator", "governor"}
    assert "Åpne runden for utlysninger" in login("directorate").get(url).content.decode()
    assert "Åpne runden for utlysninger" not in login("governor").get(url).content.decode()
    assert login("directorate").get(reverse("calls:round_detail", args=[99999])).status_code == 403


def test_open_and_close_are_posts_by_the_directorate_and_audited(login, world) -> None:
    round_ = services.programme_round_create(actor=world.users["directorate"], programme=world.programme,
                                             regions=[world.regions["innlandet"]], criteria="K.", population_year=2019)
    open_url = reverse("calls:round_open", args=[round_.pk])
    for who in set(ALL_ROLES) - {"directorate"}:
        assert login(who).post(open_url).status_code == 403
    assert login("directorate").get(open_url).status_code == 405
    round_.refresh_from_db()
    assert round_.status == "draft"
    login("directorate").post(open_url)
    round_.refresh_from_db()
    assert round_.status == "open"
    response = login("directorate").post(open_url, follow=True)
    assert "Programrunden er ikke lenger et utkast." in response.content.decode()
    login("directorate").post(reverse("calls:round_close", args=[round_.pk]))
    round_.refresh_from_db()
    assert round_.status == "closed"
    assert list(AuditEvent.objects.filter(action__startswith="programme_round.").order_by("id")
                .values_list("action", flat=True)) == ["programme_round.create", "programme_round.open",
                                                       "programme_round.close"]


def test_english_is_switchable(login, open_round) -> None:
    client = login("directorate")
    client.cookies["django_language"] = "en"
    html = client.get(LIST).content.decode()
    assert "Programme rounds" in html and "Open for applications" in html
