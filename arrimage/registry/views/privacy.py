"""Privacy pages (Québec's Law 25): a person's consents, the export of their data, their erasure on
request, and the page that tells everyone what Arrimage keeps and why."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from arrimage.access import policy
from arrimage.actors import services as actors
from arrimage.actors.retention import retention_years
from arrimage.actors.selectors import person_get
from arrimage.privacy.erasure import person_erase as erase
from arrimage.privacy.exporting import export_json, export_xlsx, person_export

from ..forms_privacy import ConsentAction, ConsentForm, ErasureForm
from .edit import FormPage, _data, _form_page

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def person_consent(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that a person gives or withdraws a consent, with its date and scope."""
    person = person_get(pk)
    form = ConsentForm(_data(request))

    def save() -> Model:
        data = form.cleaned_data
        if data["action"] == ConsentAction.WITHDRAW:
            actors.consent_withdraw(
                person=person,
                scope=data["scope"],
                withdrawn_on=data["day"],
                note=data["note"],
                acting_user=request.user,
            )
        else:
            actors.consent_give(
                person=person,
                scope=data["scope"],
                given_on=data["day"],
                source=data["source"] or "other",
                note=data["note"],
                acting_user=request.user,
            )
        return person

    return _form_page(
        request,
        form,
        allowed=policy.can_edit_person(request.user, person) and person.erased_on is None,
        save=save,
        success=_("The consent was recorded."),
        page=FormPage(
            title=_("Record a consent"),
            submit=_("Record the consent"),
            cancel_url=person.get_absolute_url(),
            context_label=person.full_name,
            intro=_(
                "A consent is specific (one use of the person's information), dated, and may be withdrawn at any "
                "time. Without « Name shown publicly », visitors see the seat and the organisation, never the name."
            ),
        ),
    )


@login_required
@require_GET
def person_data_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything Arrimage holds about a person, as JSON (default) or as a spreadsheet (`?format=xlsx`)."""
    person = person_get(pk)
    if not policy.can_export_person_data(request.user, person):
        raise PermissionDenied(_("You may not export this person's data."))
    export = person_export(person)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(export_xlsx(export), content_type=XLSX)
        extension = "xlsx"
    else:
        response = HttpResponse(export_json(export), content_type="application/json; charset=utf-8")
        extension = "json"
    response["Content-Disposition"] = f'attachment; filename="arrimage-personne-{person.pk}.{extension}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def person_erase(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then erase a person's identity and contact details (administrators only)."""
    person = person_get(pk)
    form = ErasureForm(_data(request))
    return _form_page(
        request,
        form,
        allowed=policy.can_erase_person(request.user, person),
        save=lambda: erase(person=person, acting_user=request.user, reason=form.cleaned_data["reason"]),
        success=_("The person was erased. Their seats and jobs remain, held by an anonymous person."),
        page=FormPage(
            title=_("Erase « %(name)s »") % {"name": person.full_name},
            submit=_("Erase for good"),
            cancel_url=person.get_absolute_url(),
            intro=_(
                "The names, email, telephone, notes, consents and the link to a sign-in account are removed, "
                "here and in the history. The seats, jobs and accompaniments stay, held by « Erased person », so "
                "that the history of the concertations stays true. This cannot be undone: download the person's "
                "data first if they asked for it."
            ),
        ),
    )


def privacy_officer() -> dict[str, str]:
    """The person responsible for the protection of personal information (setting
    `ARRIMAGE_PRIVACY_OFFICER`: a dict with `name`, `email` and optionally `phone`, or a text)."""
    value: Any = getattr(settings, "ARRIMAGE_PRIVACY_OFFICER", None) or {}
    if isinstance(value, str):
        return {"name": value, "email": "", "phone": ""}
    return {key: str(value.get(key, "")) for key in ("name", "email", "phone")}


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy policy in plain language."""
    context = {"officer": privacy_officer(), "retention_years": retention_years()}
    return render(request, "registry/privacy.html", context)
