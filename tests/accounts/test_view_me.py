from __future__ import annotations

from samla.accounts.models import Role, RoleAssignment


def test_me_lists_roles_and_where_they_apply(client, world) -> None:
    user = world.users["governor"]
    RoleAssignment.objects.create(user=user, role=Role.MUNICIPALITY, municipality=world.municipalities["elverum"])
    client.force_login(user)
    html = client.get("/accounts/me/").content.decode()
    assert "Dine roller" in html
    assert "Statsforvalter" in html and "Region Innlandet" in html
    assert "Elverum kommune (3420)" in html
    assert "Du har ingen roller ennå" not in html


def test_national_roles_apply_to_the_whole_country(client, world) -> None:
    client.force_login(world.users["directorate"])
    html = client.get("/accounts/me/").content.decode()
    assert "Hele landet" in html


def test_a_user_without_roles_is_told_so(client, world) -> None:
    client.force_login(world.users["outsider"])
    html = client.get("/accounts/me/").content.decode()
    assert "Du har ingen roller ennå" in html and "<table" not in html


def test_me_is_only_read(client, world) -> None:
    client.force_login(world.users["outsider"])
    assert client.post("/accounts/me/").status_code == 405
