"""Account pages: sign in and out, password reset (Django's views), and the profile page with the
user's API keys."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import services
from .forms import ApiTokenForm, EmailAuthenticationForm
from .models import ApiToken, User


class LoginView(auth_views.LoginView):
    """Sign in. After too many failed attempts for an address, the page says how long to wait, with the
    status 429 and `Retry-After`."""

    form_class = EmailAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_invalid(form)
        retry_after = getattr(form, "retry_after", None)
        if retry_after is not None and form.has_error(NON_FIELD_ERRORS, "locked"):
            response.status_code = 429
            response["Retry-After"] = str(retry_after)
        return response


class LogoutView(auth_views.LogoutView):
    """Signs out on POST only (Django refuses GET), then goes to LOGOUT_REDIRECT_URL."""


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


def _tokens(user: User) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at"))


@login_required
@never_cache
def profile(request: HttpRequest) -> HttpResponse:
    """The signed-in user's account: email address and API keys."""
    user = request.user
    assert isinstance(user, User)
    return render(request, "accounts/profile.html", {"tokens": _tokens(user), "form": ApiTokenForm()})


@login_required
@never_cache
def token_create(request: HttpRequest) -> HttpResponse:
    """Create an API key. The key is shown on this answer only: it is stored as a digest and never again
    readable, so the page is not cached anywhere."""
    user = request.user
    assert isinstance(user, User)
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token, key = services.api_token_create(user=user, name=form.cleaned_data["name"], acting_user=user)
        return render(request, "accounts/token_created.html", {"token": token, "key": key})
    return render(request, "accounts/token_create.html", {"form": form}, status=422 if form.errors else 200)


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of the user's API keys: it stops working at once."""
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    user = request.user
    assert isinstance(user, User)
    services.api_token_revoke(token=token, acting_user=user)
    messages.success(request, _("The key « %(name)s » is revoked: it no longer works.") % {"name": token.name})
    return redirect("accounts:profile")
