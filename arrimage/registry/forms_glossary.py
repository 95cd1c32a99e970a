"""Forms of the glossary pages: the list's filters, a term (proposal or change), and a review."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from arrimage.glossary.models import GlossarySector, Term
from arrimage.glossary.selectors import LETTERS, terms_by_label
from arrimage.glossary.services import TermData

from .forms import RegistryForm


class TermFilterForm(forms.Form):
    q = forms.CharField(label=_("Search the glossary"), required=False, max_length=200)
    secteur = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("All sectors")), *GlossarySector.choices]
    )
    lettre = forms.ChoiceField(label=_("Letter"), required=False, choices=[("", "")] + [(x, x) for x in LETTERS])


def _meaning_fields() -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = {}
    for sector, label in GlossarySector.choices:
        fields[f"meaning_{sector}"] = forms.CharField(
            label=_("Meaning for the sector « %(sector)s »") % {"sector": label},
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
        fields[f"meaning_{sector}_en"] = forms.CharField(
            label=_("Meaning for the sector « %(sector)s », in English") % {"sector": label},
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
    return fields


class TermForm(RegistryForm):
    acronym = forms.CharField(
        label=_("Acronym"), required=False, max_length=30, help_text=_("Leave empty for a word that is not one.")
    )
    name = forms.CharField(
        label=_("Term or full form"), max_length=200, help_text=_("For an acronym, what its letters stand for.")
    )
    name_en = forms.CharField(label=_("Term or full form in English"), required=False, max_length=200)
    definition = forms.CharField(
        label=_("Plain-language definition"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For citizens: short sentences, no unexplained jargon."),
    )
    definition_en = forms.CharField(
        label=_("Plain-language definition in English"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    plain = forms.CharField(label=_("Plain words to use instead"), required=False, max_length=200)
    plain_en = forms.CharField(label=_("Plain words to use instead, in English"), required=False, max_length=200)
    jargon = forms.BooleanField(label=_("Jargon to explain in texts for citizens"), required=False)
    related = forms.CharField(
        label=_("Related terms"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Acronyms or terms already in the glossary, separated by commas."),
    )
    sources = forms.CharField(
        label=_("Sources"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One source per line: its title, then « | » and its address (https://…)."),
    )

    service_fields: dict[str, str] = {}

    def __init__(self, *args: Any, term: Term | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.term = term
        self.fields.update(_meaning_fields())
        self.fieldsets = [
            (
                _("The term"),
                ["acronym", "name", "name_en", "definition", "definition_en", "plain", "plain_en", "jargon"],
            ),
            (
                _("Meaning in each sector"),
                [f"meaning_{sector}{suffix}" for sector in GlossarySector.values for suffix in ("", "_en")],
            ),
            (_("Related terms and sources"), ["related", "sources"]),
        ]

    @staticmethod
    def initial_from(term: Term) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(term, name)
            for name in ("acronym", "name", "name_en", "definition", "definition_en", "plain", "plain_en", "jargon")
        }
        initial["related"] = ", ".join(other.acronym or other.name for other in term.related.all())
        initial["sources"] = "\n".join(
            f"{source.title} | {source.url}" if source.url else source.title for source in term.sources.all()
        )
        for meaning in term.meanings.all():
            initial[f"meaning_{meaning.sector}"] = meaning.meaning
            initial[f"meaning_{meaning.sector}_en"] = meaning.meaning_en
        return initial

    def clean_related(self) -> list[int]:
        labels = [label for label in self.cleaned_data.get("related", "").split(",") if label.strip()]
        found, unknown = terms_by_label(labels)
        if unknown:
            raise ValidationError(
                _("Not in the glossary: %(terms)s. Propose these terms first, or remove them.")
                % {"terms": ", ".join(unknown)}
            )
        return found

    def clean_sources(self) -> list[tuple[str, str]]:
        sources: list[tuple[str, str]] = []
        check = URLValidator(schemes=["http", "https"])
        for line in self.cleaned_data.get("sources", "").splitlines():
            if not line.strip():
                continue
            title, _bar, url = line.partition("|")
            title, url = title.strip(), url.strip()
            if url:
                try:
                    check(url)
                except ValidationError:
                    raise ValidationError(
                        _("This address is not valid: %(url)s. Write it in full, starting with https://.")
                        % {"url": url}
                    ) from None
            if len(title) > 300 or len(url) > 500:
                raise ValidationError(_("A source's title or address is too long."))
            sources.append((title or url, url))
        return sources

    def to_data(self) -> TermData:
        data = self.cleaned_data
        return TermData(
            acronym=data["acronym"],
            name=data["name"],
            name_en=data["name_en"],
            definition=data["definition"],
            definition_en=data["definition_en"],
            plain=data["plain"],
            plain_en=data["plain_en"],
            jargon=data["jargon"],
            meanings={
                sector: (data[f"meaning_{sector}"], data[f"meaning_{sector}_en"])
                for sector in GlossarySector.values
                if data.get(f"meaning_{sector}", "").strip()
            },
            sources=data["sources"],
            related=data["related"],
        )


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Review note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to refuse: say why, so that the author can improve the term."),
    )
