"""The municipality finds its award letter on /work/ and on its application, not only under Tildeling."""

from __future__ import annotations


def test_work_links_the_municipalitys_own_letter(web, client_for) -> None:
    html = client_for("mun").get("/work/").content.decode()
    own, other = web.letters[web.elverum], web.letters[web.tynset]
    assert f'href="/letters/{own.pk}/"' in html and "Tildelingsbrevene deres" in html
    assert f'href="/letters/{other.pk}/"' not in html
    assert client_for("mun").get(f"/letters/{own.pk}/").status_code == 200


def test_the_application_links_its_programmes_letter(web, client_for) -> None:
    own = web.letters[web.elverum]
    html = client_for("mun").get(f"/work/applications/{web.pilot_app.pk}/").content.decode()
    assert f'href="/letters/{own.pk}/"' in html and "Last ned tildelingsbrevet" in html
    # The county governor reads the region's letters and sees the link too; the resource group does not.
    page = f"/work/applications/{web.pilot_app.pk}/"
    assert f'href="/letters/{own.pk}/"' in client_for("gov").get(page).content.decode()
    assert "/letters/" not in client_for("rg").get(page).content.decode()


def test_an_application_without_a_letter_shows_none(web, client_for) -> None:
    html = client_for("mun").get(f"/work/applications/{web.draft.pk}/").content.decode()
    assert "/letters/" not in html
