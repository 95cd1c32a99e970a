"""Forms that parse what people type into the territory pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import TerritoryKind


class TerritorySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name of a territory"), required=False, max_length=100, strip=True, widget=forms.SearchInput
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *TerritoryKind.choices])
    page = forms.IntegerField(label=_("Page"), required=False, min_value=1, max_value=100_000)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["q"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
