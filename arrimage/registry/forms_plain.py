"""The form of the plain-language check: a text and its language. Nothing is saved."""

from __future__ import annotations

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from arrimage.glossary.plain import MAX_CHARS, empty_message, too_long_message

from .forms import RegistryForm

LANGUAGES = [("fr", _("French")), ("en", _("English"))]


class PlainCheckForm(RegistryForm):
    # No max_length: a browser would cut a longer text silently; the check says how long it was instead.
    text = forms.CharField(
        label=_("Text to check"),
        help_text=_("An invitation, a plan summary, a notice… Up to 100,000 characters. Nothing is kept."),
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "true"}),
        strip=False,
        error_messages={"required": _("Paste the text to check: the box is empty.")},
    )
    language = forms.ChoiceField(label=_("Language of the text"), choices=LANGUAGES)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if not self.is_bound:
            self.initial.setdefault("language", "en" if (get_language() or "fr").startswith("en") else "fr")

    def clean_text(self) -> str:
        """The text as typed, refused when empty or over the limit: the size is measured before any work."""
        text = self.cleaned_data.get("text") or ""
        if len(text) > MAX_CHARS:
            raise forms.ValidationError(too_long_message(len(text)), code="too_long")
        if not text.strip():
            raise forms.ValidationError(empty_message(), code="required")
        return text
