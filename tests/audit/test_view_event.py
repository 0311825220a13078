from __future__ import annotations


def test_the_event_page_shows_every_field_with_the_changed_ones_marked(client, world, events) -> None:
    client.force_login(world.users["directorate"])
    html = client.get(f"/audit/{events[0].pk}/").content.decode()
    assert f"Logghendelse {events[0].pk}" in html
    assert "programme.rename" in html and "Nytt navn etter vedtak i prosjektgruppen" in html
    assert '<dt>Program</dt><dd><a href="/programmes/pilot/">0–24 pilot</a>' in html
    assert "<th scope=\"row\">Første år</th>" in html and "(allocation.programme)" not in html
    assert '<tr class="audit-diff__changed">' in html
    assert html.count("<strong>Endret</strong>") == 1 and "Uendret" in html  # name changed, first_year not
    assert f"?object_type=allocation.programme&amp;object_id={world.programme.pk}" in html


def test_a_created_object(client, world, events) -> None:
    client.force_login(world.users["directorate"])
    html = client.get(f"/audit/{events[1].pk}/").content.decode()
    assert "Objektet ble opprettet med disse verdiene." in html and "Elverum" in html


def test_a_missing_event_is_404_for_those_who_may_read_the_log(client, world, events) -> None:
    client.force_login(world.users["directorate"])
    assert client.get("/audit/999999/").status_code == 404
