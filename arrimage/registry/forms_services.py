"""The form of a service of an organisation: what it offers, for whom, where and on which themes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from arrimage.actors.models import Organization
from arrimage.concertation.models import Theme
from arrimage.directory.models import Location, Service, ServiceStatus
from arrimage.directory.services import ServiceData

from .forms import RegistryForm, TerritoryLookupField, VersionMixin


class ServiceForm(VersionMixin, RegistryForm):
    name = forms.CharField(label=_("Name"), max_length=250)
    alternate_name = forms.CharField(label=_("Other name"), max_length=250, required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=ServiceStatus.choices, initial=ServiceStatus.ACTIVE)
    url = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    email = forms.EmailField(
        label=_("Service email address"),
        required=False,
        help_text=_("A public address of the service, never a person's."),
    )
    eligibility = forms.CharField(
        label=_("Eligibility"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Who may use the service."),
    )
    target_population = forms.CharField(label=_("Target population"), max_length=250, required=False)
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"), queryset=Theme.objects.all(), widget=forms.CheckboxSelectMultiple, required=False
    )
    service_areas = TerritoryLookupField(label=_("Service areas"), required=False)
    locations = forms.ModelMultipleChoiceField(
        label=_("Places"),
        queryset=Location.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The places of the organisation where the service is offered."),
    )

    fieldsets = [
        (_("Service"), ["name", "alternate_name", "description", "status", "url", "email"]),
        (_("For whom"), ["eligibility", "target_population", "themes"]),
        (_("Where"), ["service_areas", "locations"]),
    ]

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        locations = self.fields["locations"]
        assert isinstance(locations, forms.ModelMultipleChoiceField)
        locations.queryset = Location.objects.filter(organization=organization).order_by("name", "pk")
        if not locations.queryset.exists():
            del self.fields["locations"]

    def to_data(self) -> ServiceData:
        data = self.cleaned_data
        return ServiceData(
            name=data["name"],
            alternate_name=data["alternate_name"],
            description=data["description"],
            url=data["url"],
            email=data["email"],
            status=data["status"],
            eligibility=data["eligibility"],
            target_population=data["target_population"],
            themes=list(data["themes"]),
            service_areas=data["service_areas"],
            locations=list(data.get("locations") or []),
        )

    @staticmethod
    def initial_from(service: Service) -> dict[str, Any]:
        names = ["name", "alternate_name", "description", "status", "url", "email", "eligibility", "target_population"]
        return {name: getattr(service, name) for name in names} | {
            "themes": list(service.themes.all()),
            "service_areas": list(service.service_areas.all()),
            "locations": list(service.locations.all()),
            "version": service.version,
        }
