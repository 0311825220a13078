

def test_a_programme_being_set_up_shows_what_the_engine_needs_not_an_error(client, db) -> None:
    from samla.allocation.models import Programme

    Programme.objects.create(slug="new", name="Ny programfinansiering", first_year=2027, last_year=2029)
    response = client.get("/programmes/new/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ny programfinansiering" in body
    assert "Programmet har ingen deltakende kommuner." in body
