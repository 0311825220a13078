from __future__ import annotations

import re

from django.core import mail

from tests.accounts.conftest import PASSWORD

NEW = "ny-og-lang-passordfrase-42"


def test_reset_sends_a_mail_in_bokmaal_with_a_working_link(client, kari, settings) -> None:
    response = client.post("/accounts/password/reset/", {"email": "kari@kommune.example"})
    assert response.status_code == 302 and response["Location"] == "/accounts/password/reset/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["kari@kommune.example"]
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert message.subject == "Nytt passord til Samla"
    assert "Brukernavnet ditt: kari" in message.body
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/\S+/)", message.body).group(1)

    form = client.get(link, follow=True)
    assert "Lag nytt passord" in form.content.decode() and 'name="new_password1"' in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert done["Location"] == "/accounts/password/reset/done/"
    kari.refresh_from_db()
    assert kari.check_password(NEW)
    # the link works once
    again = client.get(link, follow=True)
    assert "Lenken er ikke gyldig" in again.content.decode()


def test_an_unknown_address_sends_nothing_but_says_the_same(client, kari) -> None:
    response = client.post("/accounts/password/reset/", {"email": "ukjent@example.invalid"}, follow=True)
    assert "Sjekk e-posten din" in response.content.decode()
    assert mail.outbox == []


def test_a_bad_address_is_refused_with_a_message(client, kari) -> None:
    response = client.post("/accounts/password/reset/", {"email": "ikke-en-adresse"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in html and 'aria-invalid="true"' in html
    assert "Oppgi en gyldig e-postadresse" in html
    assert mail.outbox == []


def test_a_weak_new_password_is_refused(client, kari) -> None:
    client.post("/accounts/password/reset/", {"email": "kari@kommune.example"})
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    response = client.post(form.redirect_chain[-1][0], {"new_password1": "kort", "new_password2": "kort"})
    assert response.status_code == 200
    assert "Passordet er for kort" in response.content.decode()
    kari.refresh_from_db()
    assert kari.check_password(PASSWORD)


def test_password_change(client, kari) -> None:
    client.force_login(kari)
    page = client.get("/accounts/password/change/").content.decode()
    assert '<label class="field__label" for="id_old_password">' in page
    response = client.post("/accounts/password/change/",
                           {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW})
    assert response["Location"] == "/accounts/password/change/done/"
    kari.refresh_from_db()
    assert kari.check_password(NEW)
    assert "Passordet ditt er endret" in client.get("/accounts/password/change/done/").content.decode()


def test_password_change_with_a_wrong_old_password_changes_nothing(client, kari) -> None:
    client.force_login(kari)
    response = client.post("/accounts/password/change/",
                           {"old_password": "feil", "new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 200 and 'href="#id_old_password"' in response.content.decode()
    kari.refresh_from_db()
    assert kari.check_password(PASSWORD)
