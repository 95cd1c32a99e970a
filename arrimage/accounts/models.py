"""Accounts of the people who use Arrimage: they sign in with their email address."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EmailUserManager(UserManager["User"]):
    """Creates users identified by their email address."""

    def _create_user_object(self, username: Any, email: str | None, password: str | None, **extra: Any) -> User:
        email = self.normalize_email(email or username or "").lower()
        user = self.model(email=email, **extra)
        user.password = ""
        if password is not None:
            user.set_password(password)
        return user

    def _create_user(self, username: Any, email: str | None, password: str | None, **extra: Any) -> User:
        user = self._create_user_object(username, email, password, **extra)
        user.save(using=self._db)
        return user

    def create_user(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra: Any
    ) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(None, email, password, **extra)

    def create_superuser(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra: Any
    ) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(None, email, password, **extra)


class User(AbstractUser):
    """A person who signs in to Arrimage with an email address and a password.

    A platform administrator is a superuser. Scoped roles (territorial editor, concertation
    coordinator) are grants held in `arrimage.access`; a member is a user linked to a person who
    currently holds a seat.
    """

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("email address"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[EmailUserManager] = EmailUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, user__is_active=True)

    def matching(self, key: str) -> ApiTokenQuerySet:
        return self.filter(key_digest=_digest(key))


class ApiToken(models.Model):
    """A personal key for the API. Only its digest is stored; the key is shown once, at creation."""

    PREFIX = "arr_"

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, help_text=_("What the key is for, to recognise it later."))
    key_digest = models.CharField(_("key digest"), max_length=64, unique=True, editable=False)
    key_hint = models.CharField(
        _("key hint"), max_length=12, editable=False, help_text=_("The key's first characters.")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_hint}…)"

    @classmethod
    def new_key(cls) -> tuple[str, str, str]:
        """A fresh key, its digest and its hint."""
        key = cls.PREFIX + secrets.token_urlsafe(32)
        return key, _digest(key), key[:10]


class SecurityEventKind(models.TextChoices):
    SIGN_IN = "sign_in", _("Signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("Failed sign-in")
    LOCKED_OUT = "locked_out", _("Sign-in locked after failures")
    SIGN_OUT = "sign_out", _("Signed out")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    PASSWORD_RESET = "password_reset", _("Password reset by email")
    TOKEN_CREATED = "token_created", _("API key created")
    TOKEN_REVOKED = "token_revoked", _("API key revoked")
    ROLE_GRANTED = "role_granted", _("Role granted")
    ROLE_REVOKED = "role_revoked", _("Role taken back")


class SecurityEvent(models.Model):
    """One event that matters for the security of accounts: a sign-in (failed or not), a lock-out, a new
    password, an API key created or revoked, a role granted or taken back. Written only by
    `services.security_event_record`; never changed afterwards.

    Law 25 asks to keep only what the purpose needs. The purpose is to notice an account under attack and
    to answer « who could do what, since when ». So the network address is truncated (the last byte of an
    IPv4 address, the last 80 bits of an IPv6 address are zeroed): it still tells an office network from an
    unknown country, but not one household or device. The browser is reduced to its family and system
    (« Firefox, Windows »), never the full user-agent string, which can single out a device.
    """

    kind = models.CharField(_("kind"), max_length=30, choices=SecurityEventKind.choices)
    user = models.ForeignKey(
        User,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="security_events",
        help_text=_("The account concerned, when the email address typed matches one."),
    )
    actor = models.ForeignKey(
        User,
        verbose_name=_("done by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who did it, when it is someone else than the account concerned (an administrator)."),
    )
    email = models.CharField(
        _("email address typed"),
        max_length=254,
        blank=True,
        help_text=_("The address typed to sign in, kept for failed attempts and lock-outs."),
    )
    network = models.CharField(_("network"), max_length=50, blank=True, help_text=_("The network address, truncated."))
    browser = models.CharField(_("browser"), max_length=60, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="security_event_user"),
            models.Index(fields=["kind", "-created_at"], name="security_event_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.email or self.user_id} · {self.created_at:%Y-%m-%d %H:%M}"
