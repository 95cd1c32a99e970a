"""Account pages: sign in and out, password reset and change (Django's views), the profile page with the
user's API keys and recent sign-ins, and the administrators' list of security events."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import selectors, services, signin
from .forms import ApiTokenForm, EmailAuthenticationForm, SecurityEventFilterForm
from .models import ApiToken, SecurityEventKind, User

#: Security events per page of the administrators' list.
EVENTS_PER_PAGE = 50


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

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        user = form.user
        services.security_event_record(kind=SecurityEventKind.PASSWORD_RESET, user=user, request=self.request)
        # The lock-out message sends people here: a new password lifts it.
        signin.sign_in_unlock(user.email, self.request)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's password, typing the current one. Other browsers signed in to the account are signed
    out (Django ties sessions to the password); this one stays signed in."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        services.security_event_record(kind=SecurityEventKind.PASSWORD_CHANGED, user=form.user, request=self.request)
        messages.success(self.request, _("Your new password is saved."))
        return response


def _tokens(user: User) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at"))


@login_required
@never_cache
def profile(request: HttpRequest) -> HttpResponse:
    """The signed-in user's account: email address, API keys, and the last sign-ins (to spot a stranger)."""
    user = request.user
    assert isinstance(user, User)
    context = {
        "tokens": _tokens(user),
        "form": ApiTokenForm(),
        "sign_ins": selectors.recent_sign_ins(user),
        "session_hours": settings.SESSION_COOKIE_AGE // 3600,
    }
    return render(request, "accounts/profile.html", context)


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


@login_required
@never_cache
def security_events(request: HttpRequest) -> HttpResponse:
    """Administrators only: every security event, newest first, filtered by kind and by account."""
    if not request.user.is_superuser:
        raise PermissionDenied
    form = SecurityEventFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    paginator = Paginator(
        selectors.security_events(kind=filters.get("kind", ""), email=filters.get("email", "")), EVENTS_PER_PAGE
    )
    page = paginator.get_page(form.page_number)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "paginator": paginator, "query_string": query.urlencode()}
    return render(request, "accounts/security_events.html", context, status=422 if form.errors else 200)
