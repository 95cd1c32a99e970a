"""Passwords: the rules (12 characters at least, not a common one, not all digits, not like the account's
name or address) speak French; a forgotten password is reset by email from end to end; a signed-in person
changes theirs. Each change is recorded."""

from __future__ import annotations

import importlib
import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from arrimage.accounts.models import SecurityEvent, SecurityEventKind, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "un mot de passe solide 2026"
NEW = "un tout autre mot de passe 2027"


@pytest.fixture(autouse=True)
def _fresh_counts(settings):
    settings.LOGIN_REDIRECT_URL = "home"
    cache.clear()


@pytest.fixture
def user():
    return UserFactory.create(email="lea.roy@example.org", first_name="Léa", last_name="Roy")


def plain(text: str) -> str:
    return text.replace("\xa0", " ").replace("\u202f", " ").replace("&#x27;", "'").replace("&quot;", '"')


def without_csrf(page: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


class TestRules:
    @pytest.mark.parametrize(
        ("password", "code", "message"),
        [
            (
                "court 2026",
                "password_too_short",
                "Ce mot de passe est trop court. Il doit contenir au minimum 12 caractères.",
            ),
            ("123456789012", "password_entirely_numeric", "Ce mot de passe est entièrement numérique."),
            ("password1234", "password_too_common", "Ce mot de passe est trop courant."),
            (
                "lea.roy@example.org",
                "password_too_similar",
                "Le mot de passe est trop semblable au champ « adresse courriel ».",
            ),
        ],
    )
    def test_a_weak_password_is_refused_in_french(self, user, password, code, message):
        with translation.override("fr"), pytest.raises(ValidationError) as raised:
            validate_password(password, user)
        assert code in [error.code for error in raised.value.error_list]
        assert message in [plain(text) for text in raised.value.messages]

    def test_a_long_uncommon_password_passes(self, user):
        validate_password("une longue phrase de passe", user)

    def test_the_rules_are_shown_where_a_password_is_chosen(self, client, user):
        client.force_login(user)
        content = plain(client.get("/compte/mot-de-passe/modifier/").content.decode())
        assert "Votre mot de passe doit contenir au minimum 12 caractères." in content
        assert 'aria-describedby="id_new_password1_helptext"' in content


class TestResetByEmail:
    def test_the_development_settings_print_emails_in_the_terminal(self):
        dev = importlib.import_module("config.settings.dev")
        assert dev.EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend"

    def test_from_request_to_sign_in(self, client, user):
        sent = client.post("/compte/mot-de-passe/oublie/", {"email": "Lea.Roy@example.org"}, follow=True)
        assert sent.redirect_chain == [("/compte/mot-de-passe/oublie/envoye/", 302)]
        [message] = mail.outbox
        assert message.to == ["lea.roy@example.org"]
        assert message.subject == "Arrimage : choisir un nouveau mot de passe"
        link = re.search(r"http://testserver(/compte/mot-de-passe/nouveau/\S+/)", str(message.body))
        assert link, message.body

        form = client.get(link.group(1), follow=True)
        assert form.context["validlink"]
        confirm_url = form.redirect_chain[-1][0]
        weak = client.post(confirm_url, {"new_password1": "court", "new_password2": "court"})
        assert "Ce mot de passe est trop court." in plain(weak.content.decode())
        done = client.post(confirm_url, {"new_password1": NEW, "new_password2": NEW})
        assert done["Location"] == "/compte/mot-de-passe/change/"
        assert "_auth_user_id" not in client.session

        old = client.post("/compte/connexion/", {"username": user.email, "password": PASSWORD})
        assert old.status_code == 200
        new = client.post("/compte/connexion/", {"username": user.email, "password": NEW})
        assert new.status_code == 302
        assert int(client.session["_auth_user_id"]) == user.pk

        event = SecurityEvent.objects.get(kind=SecurityEventKind.PASSWORD_RESET)
        assert event.user == user
        # The link works once.
        client.logout()
        again = client.get(link.group(1), follow=True)
        assert not again.context["validlink"]

    def test_an_unknown_address_gets_the_same_answer_and_no_email(self, client, user):
        known = client.post("/compte/mot-de-passe/oublie/", {"email": user.email}, follow=True)
        unknown = client.post("/compte/mot-de-passe/oublie/", {"email": "personne@example.org"}, follow=True)
        assert known.redirect_chain == unknown.redirect_chain
        assert without_csrf(known.content.decode()) == without_csrf(unknown.content.decode())
        assert [message.to for message in mail.outbox] == [[user.email]]

    def test_an_inactive_account_gets_no_email(self, client, user):
        User.objects.filter(pk=user.pk).update(is_active=False)
        client.post("/compte/mot-de-passe/oublie/", {"email": user.email})
        assert mail.outbox == []

    def test_a_new_password_lifts_a_lock_out(self, client, user):
        for _ in range(5):
            client.post("/compte/connexion/", {"username": user.email, "password": "pas le bon"})
        assert client.post("/compte/connexion/", {"username": user.email, "password": PASSWORD}).status_code == 429
        client.post("/compte/mot-de-passe/oublie/", {"email": user.email})
        link = re.search(r"http://testserver(/compte/mot-de-passe/nouveau/\S+/)", str(mail.outbox[0].body))
        assert link
        form = client.get(link.group(1), follow=True)
        client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
        assert client.post("/compte/connexion/", {"username": user.email, "password": NEW}).status_code == 302


class TestChange:
    def test_needs_sign_in(self, client):
        response = client.get("/compte/mot-de-passe/modifier/")
        assert response["Location"].startswith("/compte/connexion/")

    def test_change_keeps_this_session_and_ends_the_others(self, client, user):
        elsewhere = Client()
        elsewhere.force_login(user)
        assert elsewhere.get("/compte/").status_code == 200
        client.force_login(user)
        wrong = client.post(
            "/compte/mot-de-passe/modifier/",
            {"old_password": "pas le bon", "new_password1": NEW, "new_password2": NEW},
        )
        assert wrong.status_code == 200
        assert "Votre ancien mot de passe est incorrect." in plain(wrong.content.decode())
        response = client.post(
            "/compte/mot-de-passe/modifier/",
            {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
        )
        assert response["Location"] == "/compte/"
        user.refresh_from_db()
        assert user.check_password(NEW)
        assert client.get("/compte/").status_code == 200
        assert elsewhere.get("/compte/").status_code == 302
        assert SecurityEvent.objects.filter(kind=SecurityEventKind.PASSWORD_CHANGED, user=user).count() == 1

    def test_a_weak_new_password_is_refused(self, client, user):
        client.force_login(user)
        response = client.post(
            "/compte/mot-de-passe/modifier/",
            {"old_password": PASSWORD, "new_password1": "123456789012", "new_password2": "123456789012"},
        )
        assert "Ce mot de passe est entièrement numérique." in plain(response.content.decode())
        user.refresh_from_db()
        assert user.check_password(PASSWORD)
