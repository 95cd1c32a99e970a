"""Accounts of the people who use Arrimage."""

from django.contrib.auth.models import AbstractUser
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in to Arrimage. Roles and scopes are added with the registry."""

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
