"""Account pages: signing in with an email address, signing out, password reset, and API keys."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail

from arrimage.accounts.models import ApiToken
from arrimage.accounts.services import api_token_authenticate, api_token_create
from tests import factories

pytestmark = pytest.mark.django_db

UserFactory: Any = factories.UserFactory

PASSWORD = "un mot de passe solide 2026"


@pytest.fixture(autouse=True)
def _account_settings(settings):
    settings.LOGIN_URL = "accounts:login"
    settings.LOGIN_REDIRECT_URL = "home"
    settings.LOGOUT_REDIRECT_URL = "home"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def user():
    return UserFactory(email="lea.roy@example.org")


def plain(text: str) -> str:
    return text.replace("\xa0", " ").replace("\u202f", " ").replace("&#x27;", "'").replace("&laquo;", "«")


class TestLogin:
    def test_page_asks_for_an_email_address(self, client):
        response = client.get("/compte/connexion/")
        assert response.status_code == 200
        content = response.content.decode()
        assert 'type="email"' in content
        assert 'lang="fr-CA"' in content
        assert 'for="id_username"' in content
        assert "/compte/mot-de-passe/oublie/" in content

    @pytest.mark.parametrize("typed", ["lea.roy@example.org", "  Lea.Roy@Example.org "])
    def test_sign_in_with_email(self, client, user, typed):
        response = client.post("/compte/connexion/", {"username": typed, "password": PASSWORD})
        assert response.status_code == 302
        assert response["Location"] == "/"
        assert client.get("/compte/").status_code == 200

    def test_next_is_followed(self, client, user):
        response = client.post("/compte/connexion/?next=/compte/", {"username": user.email, "password": PASSWORD})
        assert response["Location"] == "/compte/"

    def test_wrong_password_says_so_in_french(self, client, user):
        response = client.post("/compte/connexion/", {"username": user.email, "password": "pas le bon"})
        assert response.status_code == 200
        content = plain(response.content.decode())
        assert (
            "Cette adresse courriel et ce mot de passe ne correspondent à aucun compte. Vérifiez-les, puis "
            "réessayez; le mot de passe distingue les majuscules des minuscules."
        ) in content
        assert 'role="alert"' in content
        assert response.headers["Content-Language"] == "fr"
        assert "_auth_user_id" not in client.session

    def test_logout_is_a_post(self, client, user):
        client.force_login(user)
        assert client.get("/compte/deconnexion/").status_code == 405
        response = client.post("/compte/deconnexion/")
        assert response.status_code == 302
        assert "_auth_user_id" not in client.session


class TestPasswordReset:
    def test_reset_by_email(self, client, user):
        response = client.post("/compte/mot-de-passe/oublie/", {"email": "LEA.ROY@example.org"})
        assert response.status_code == 302
        assert response["Location"] == "/compte/mot-de-passe/oublie/envoye/"
        assert len(mail.outbox) == 1
        link = re.search(r"https?://testserver(/compte/mot-de-passe/nouveau/\S+/)", str(mail.outbox[0].body))
        assert link, mail.outbox[0].body
        form = client.get(link.group(1), follow=True)
        assert form.status_code == 200
        new = "un tout autre mot de passe 2027"
        done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
        assert done["Location"] == "/compte/mot-de-passe/change/"
        user.refresh_from_db()
        assert user.check_password(new)

    def test_unknown_address_sends_nothing_and_says_the_same(self, client):
        response = client.post("/compte/mot-de-passe/oublie/", {"email": "personne@example.org"})
        assert response["Location"] == "/compte/mot-de-passe/oublie/envoye/"
        assert mail.outbox == []


class TestProfileAndKeys:
    def test_profile_needs_sign_in(self, client):
        response = client.get("/compte/")
        assert response.status_code == 302
        assert response["Location"].startswith("/compte/connexion/?next=")

    def test_profile_lists_keys(self, client, user):
        token, _key = api_token_create(user=user, name="Script d'import", acting_user=user)
        client.force_login(user)
        content = client.get("/compte/").content.decode()
        assert user.email in content
        assert token.key_hint in content
        assert "Script d" in content

    def test_create_shows_the_key_once(self, client, user):
        client.force_login(user)
        response = client.post("/compte/cles/nouvelle/", {"name": "Tableau de bord"})
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
        found = re.search(r'value="(arr_[^"]+)"', response.content.decode())
        assert found
        key = found.group(1)
        assert api_token_authenticate(key) == user
        token = ApiToken.objects.get(user=user)
        assert token.name == "Tableau de bord"
        assert key not in client.get("/compte/").content.decode()
        assert token.key_hint in client.get("/compte/").content.decode()

    def test_a_key_needs_a_name(self, client, user):
        client.force_login(user)
        response = client.post("/compte/cles/nouvelle/", {"name": ""})
        assert response.status_code == 422
        assert not ApiToken.objects.exists()

    def test_revoke(self, client, user):
        token, key = api_token_create(user=user, name="Vieux script", acting_user=user)
        client.force_login(user)
        assert client.get(f"/compte/cles/{token.pk}/revoquer/").status_code == 405
        response = client.post(f"/compte/cles/{token.pk}/revoquer/")
        assert response["Location"] == "/compte/"
        assert api_token_authenticate(key) is None
        token.refresh_from_db()
        assert token.revoked_at is not None

    def test_another_users_key_cannot_be_revoked(self, client, user):
        other = UserFactory()
        token, key = api_token_create(user=other, name="À quelqu'un d'autre", acting_user=other)
        client.force_login(user)
        assert client.post(f"/compte/cles/{token.pk}/revoquer/").status_code == 404
        assert api_token_authenticate(key) == other
