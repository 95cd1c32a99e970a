"""The registry's edit pages: each one checks permission, parses with a form and calls exactly one service.

A refused permission is a 403 page and nothing is saved; a visitor who is not signed in is sent to the
sign-in page first. A service's refusal (a seat already held, a stale version…) is shown on the field it
concerns, and the page is shown again with what the person typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from arrimage.access import policy
from arrimage.actors import services as actors
from arrimage.actors.models import Organization, Position
from arrimage.actors.selectors import organization_get, person_consents, person_get, person_search
from arrimage.concertation import services as concertation
from arrimage.concertation.models import Concertation, Membership, Seat
from arrimage.concertation.selectors import concertation_get
from arrimage.territories.selectors import territory_search

from .. import forms
from ..forms_privacy import ConsentForm

FORM_TEMPLATE = "registry/edit/form.html"


@dataclass
class FormPage:
    """What an edit page says around its form."""

    title: str
    submit: str
    cancel_url: str
    intro: str = ""
    context_label: str = ""  # the concertation, seat or person the form is about, shown above the title
    after_template: str = ""  # a section shown under the form (its own forms, never nested in this one)
    after: dict[str, Any] = field(default_factory=dict)  # what that section shows


def _form_page(
    request: HttpRequest,
    form: forms.RegistryForm,
    *,
    allowed: bool,
    save: Callable[[], Model],
    success: str,
    page: FormPage,
) -> HttpResponse:
    """The life of an edit page: refuse, show, or save through one service and go to the object's page."""
    if not allowed:
        raise PermissionDenied(_("You may not make this change."))
    if request.method == "POST" and form.is_valid():
        try:
            saved = save()
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, success)
            return HttpResponseRedirect(saved.get_absolute_url())  # type: ignore[attr-defined]
    status = 422 if form.is_bound and form.errors else 200
    return render(request, FORM_TEMPLATE, {"form": form, "page": page}, status=status)


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


# Concertations ------------------------------------------------------------------------------------


@login_required
def concertation_create(request: HttpRequest) -> HttpResponse:
    form = forms.ConcertationForm(_data(request), user=request.user)
    return _form_page(
        request,
        form,
        allowed=policy.can_create_concertation(request.user),
        save=lambda: concertation.concertation_create(data=form.to_data(), acting_user=request.user),
        success=_("The concertation was created. Add its seats now."),
        page=FormPage(
            title=_("New concertation"),
            submit=_("Create the concertation"),
            cancel_url=_back(request, "registry:concertation_list"),
            intro=_("A table de concertation, démarche, committee, chantier, network or alliance."),
        ),
    )


@login_required
def concertation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    instance = concertation_get(pk)
    current = {territory.pk for territory in instance.territories.all()}
    form = forms.ConcertationForm(
        _data(request),
        initial=forms.ConcertationForm.initial_from(instance),
        user=request.user,
        current_territory_ids=current,
    )
    return _form_page(
        request,
        form,
        allowed=policy.can_edit_concertation(request.user, instance),
        save=lambda: concertation.concertation_update(
            concertation=instance,
            data=form.to_data(),
            acting_user=request.user,
            expected_version=form.expected_version,
        ),
        success=_("The changes were saved."),
        page=FormPage(
            title=_("Edit « %(name)s »") % {"name": instance.name},
            submit=_("Save the changes"),
            cancel_url=instance.get_absolute_url(),
        ),
    )


# Seats --------------------------------------------------------------------------------------------


@login_required
def seat_create(request: HttpRequest, pk: int) -> HttpResponse:
    table = get_object_or_404(Concertation, pk=pk)
    form = forms.SeatForm(_data(request))
    return _form_page(
        request,
        form,
        allowed=policy.can_edit_concertation(request.user, table),
        save=lambda: _concertation_of(
            concertation.seat_create(concertation=table, data=form.to_data(), acting_user=request.user)
        ),
        success=_("The seat was added. It stays vacant until someone holds it."),
        page=FormPage(
            title=_("Add a seat"),
            submit=_("Add the seat"),
            cancel_url=table.get_absolute_url(),
            context_label=table.name,
            intro=_("A seat is a place at the table. It exists whether or not someone holds it."),
        ),
    )


@login_required
def seat_edit(request: HttpRequest, pk: int) -> HttpResponse:
    seat = _seat(pk)
    initial = {name: getattr(seat, name) for name in forms.SeatForm.base_fields}
    form = forms.SeatForm(_data(request), initial=initial)
    return _form_page(
        request,
        form,
        allowed=policy.can_edit_concertation(request.user, seat.concertation),
        save=lambda: _concertation_of(
            concertation.seat_update(seat=seat, data=form.to_data(), acting_user=request.user)
        ),
        success=_("The seat was saved."),
        page=FormPage(
            title=_("Edit the seat « %(label)s »") % {"label": seat.label},
            submit=_("Save the seat"),
            cancel_url=seat.concertation.get_absolute_url(),
            context_label=seat.concertation.name,
        ),
    )


@login_required
def seat_abolish(request: HttpRequest, pk: int) -> HttpResponse:
    seat = _seat(pk)
    form = forms.SeatAbolishForm(_data(request))
    return _form_page(
        request,
        form,
        allowed=policy.can_edit_concertation(request.user, seat.concertation),
        save=lambda: _concertation_of(concertation.seat_abolish(seat=seat, on=form.on, acting_user=request.user)),
        success=_("The seat was abolished."),
        page=FormPage(
            title=_("Abolish the seat « %(label)s »") % {"label": seat.label},
            submit=_("Abolish the seat"),
            cancel_url=seat.concertation.get_absolute_url(),
            context_label=seat.concertation.name,
            intro=_("The seat stays in the history of the concertation. Whoever holds it leaves on that day."),
        ),
    )


# Memberships --------------------------------------------------------------------------------------


@login_required
def membership_start(request: HttpRequest, pk: int) -> HttpResponse:
    seat = _seat(pk)
    form = forms.MembershipStartForm(_data(request))
    return _form_page(
        request,
        form,
        allowed=policy.can_edit_concertation(request.user, seat.concertation),
        save=lambda: _concertation_of(
            concertation.membership_start(seat=seat, acting_user=request.user, **form.holding())
        ),
        success=_("The holding of the seat was recorded."),
        page=FormPage(
            title=_("Who holds the seat « %(label)s »?") % {"label": seat.label},
            submit=_("Record the holding"),
            cancel_url=seat.concertation.get_absolute_url(),
            context_label=seat.concertation.name,
        ),
    )


@login_required
def membership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(pk)
    seat = membership.seat
    form = forms.MembershipEditForm(_data(request), initial=forms.MembershipEditForm.initial_from(membership))
    return _form_page(
        request,
        form,
        allowed=policy.can_edit_concertation(request.user, seat.concertation),
        save=lambda: _concertation_of(
            concertation.membership_update(
                membership=membership,
                acting_user=request.user,
                expected_version=form.expected_version,
                **form.holding(),
            )
        ),
        success=_("The holding was corrected."),
        page=FormPage(
            title=_("Correct the holding of the seat « %(label)s »") % {"label": seat.label},
            submit=_("Save the changes"),
            cancel_url=seat.concertation.get_absolute_url(),
            context_label=seat.concertation.name,
        ),
    )


@login_required
def membership_end(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(pk)
    seat = membership.seat
    form = forms.MembershipEndForm(_data(request), initial={"version": membership.version})
    return _form_page(
        request,
        form,
        allowed=policy.can_edit_concertation(request.user, seat.concertation),
        save=lambda: _concertation_of(
            concertation.membership_end(
                membership=membership,
                end=form.cleaned_data["end"],
                reason=form.cleaned_data["reason"],
                acting_user=request.user,
                expected_version=form.expected_version,
            )
        ),
        success=_("The end of the holding was recorded. The seat is vacant."),
        page=FormPage(
            title=_("End the holding of the seat « %(label)s »") % {"label": seat.label},
            submit=_("End the holding"),
            cancel_url=seat.concertation.get_absolute_url(),
            context_label=seat.concertation.name,
        ),
    )


@login_required
def membership_replace(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(pk)
    seat = membership.seat
    form = forms.MembershipReplaceForm(_data(request), initial={"version": membership.version})

    def save() -> Model:
        # The service ends and starts in one transaction; it takes no version, so a stale page is
        # refused here before it is called.
        if form.expected_version is not None and form.expected_version != membership.version:
            raise ValidationError(
                _(
                    "Someone else saved this record while you were editing it. Reload the page to see their "
                    "changes, then make yours again."
                ),
                code="stale",
            )
        data = form.cleaned_data
        started = concertation.membership_replace(
            membership=membership,
            on=data["on"],
            person=data["person"],
            organization=data["organization"],
            role=data["role"],
            acting_user=request.user,
        )
        return _concertation_of(started)

    return _form_page(
        request,
        form,
        allowed=policy.can_edit_concertation(request.user, seat.concertation),
        save=save,
        success=_("The seat was handed over to its new holder."),
        page=FormPage(
            title=_("Hand over the seat « %(label)s »") % {"label": seat.label},
            submit=_("Hand over the seat"),
            cancel_url=seat.concertation.get_absolute_url(),
            context_label=seat.concertation.name,
        ),
    )


# Organisations, people, positions ---------------------------------------------------------------


@login_required
def organization_create(request: HttpRequest) -> HttpResponse:
    form = forms.OrganizationForm(_data(request))
    return _form_page(
        request,
        form,
        allowed=policy.can_create_organization(request.user),
        save=lambda: actors.organization_create(data=form.to_data(), acting_user=request.user),
        success=_("The organisation was created."),
        page=FormPage(
            title=_("New organisation"),
            submit=_("Create the organisation"),
            cancel_url=_back(request, "registry:organization_list"),
        ),
    )


@login_required
def organization_edit(request: HttpRequest, pk: int) -> HttpResponse:
    instance = organization_get(pk)
    form = forms.OrganizationForm(_data(request), initial=forms.OrganizationForm.initial_from(instance))
    return _form_page(
        request,
        form,
        allowed=policy.can_edit_organization(request.user, instance),
        save=lambda: actors.organization_update(
            organization=instance,
            data=form.to_data(),
            acting_user=request.user,
            expected_version=form.expected_version,
        ),
        success=_("The changes were saved."),
        page=FormPage(
            title=_("Edit « %(name)s »") % {"name": instance.name},
            submit=_("Save the changes"),
            cancel_url=instance.get_absolute_url(),
        ),
    )


@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    form = forms.PersonForm(_data(request))
    return _form_page(
        request,
        form,
        allowed=policy.can_create_person(request.user),
        save=lambda: actors.person_create(data=form.to_data(), acting_user=request.user),
        success=_("The person was added."),
        page=FormPage(
            title=_("New person"),
            submit=_("Add the person"),
            cancel_url=_back(request, "home"),
            intro=_(
                "Contact details and notes are personal information: only the people allowed to edit see them. "
                "Visitors see a name only when the person consented to appear publicly."
            ),
        ),
    )


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_get(pk)
    form = forms.PersonForm(_data(request), initial=forms.PersonForm.initial_from(person))
    return _form_page(
        request,
        form,
        allowed=policy.can_edit_person(request.user, person),
        save=lambda: actors.person_update(
            person=person, data=form.to_data(), acting_user=request.user, expected_version=form.expected_version
        ),
        success=_("The changes were saved."),
        page=FormPage(
            title=_("Edit « %(name)s »") % {"name": person.full_name},
            submit=_("Save the changes"),
            cancel_url=person.get_absolute_url(),
            after_template="registry/edit/_person_consents.html",
            after={
                "person": person,
                "consents": person_consents(person),
                "consent_form": ConsentForm(),
                "can_erase": policy.can_erase_person(request.user, person) and person.erased_on is None,
            },
        ),
    )


@login_required
def position_create(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_get(pk)
    form = forms.PositionForm(_data(request))

    def save() -> Model:
        data = form.cleaned_data
        actors.position_start(
            person=person,
            organization=data["organization"],
            profession=data["profession"],
            job_title=data["job_title"],
            start=data["start"],
            end=data["end"],
            acting_user=request.user,
        )
        return person

    return _form_page(
        request,
        form,
        allowed=policy.can_edit_person(request.user, person),
        save=save,
        success=_("The job was added."),
        page=FormPage(
            title=_("Add a job"),
            submit=_("Add the job"),
            cancel_url=person.get_absolute_url(),
            context_label=person.full_name,
        ),
    )


@login_required
def position_end(request: HttpRequest, pk: int) -> HttpResponse:
    position = get_object_or_404(Position.objects.select_related("person", "organization"), pk=pk)
    person = position.person
    form = forms.PositionEndForm(_data(request))

    def save() -> Model:
        actors.position_end(position=position, end=form.cleaned_data["end"], acting_user=request.user)
        return person

    return _form_page(
        request,
        form,
        allowed=policy.can_edit_person(request.user, person),
        save=save,
        success=_("The end of the job was recorded."),
        page=FormPage(
            title=_("End the job at %(organization)s") % {"organization": position.organization.short_name},
            submit=_("End the job"),
            cancel_url=person.get_absolute_url(),
            context_label=person.full_name,
        ),
    )


def _seat(pk: int) -> Seat:
    return get_object_or_404(Seat.objects.select_related("concertation"), pk=pk)


def _membership(pk: int) -> Membership:
    return get_object_or_404(Membership.objects.select_related("seat__concertation", "person", "organization"), pk=pk)


def _concertation_of(obj: Seat | Membership) -> Concertation:
    """The page to go back to after a change of a seat or a holding: its concertation's."""
    seat = obj.seat if isinstance(obj, Membership) else obj
    return seat.concertation


def _back(request: HttpRequest, default: str) -> str:
    """Where « Cancel » leads: the page the person came from on this site, or the list named `default`."""
    referer = request.headers.get("referer", "")
    if referer and url_has_allowed_host_and_scheme(referer, {request.get_host()}) and request.path not in referer:
        return referer
    try:
        return reverse(default)
    except NoReverseMatch:
        return reverse("home")


# Suggestions --------------------------------------------------------------------------------------

SUGGESTIONS = 10
_NO_PERMISSION = gettext_lazy("You may not see these suggestions.")


def _term(request: HttpRequest) -> str:
    """What was typed: `q`, or the field named by `field` (htmx sends the text box under its own name)."""
    name = request.GET.get("field", "q")
    return " ".join(request.GET.get(name, request.GET.get("q", "")).split())[:100]


def _suggestions(request: HttpRequest, items: list[tuple[str, str]]) -> HttpResponse:
    """Suggestions as `<option>` elements for a datalist, or as JSON with `?format=json`."""
    if request.GET.get("format") == "json":
        return JsonResponse({"results": [{"value": value, "label": label} for value, label in items]})
    return render(request, "registry/edit/_suggestions.html", {"items": items})


def _suggestion_gate(request: HttpRequest) -> tuple[str, HttpResponse | None]:
    if not request.user.is_authenticated:
        return "", HttpResponse(_NO_PERMISSION, status=403, content_type="text/plain; charset=utf-8")
    term = _term(request)
    if len(term) < 2:
        return term, _suggestions(request, [])
    return term, None


@require_GET
def suggest_territories(request: HttpRequest) -> HttpResponse:
    term, early = _suggestion_gate(request)
    if early is not None:
        return early
    items = []
    for territory in territory_search(term)[:SUGGESTIONS]:
        where = territory.parent.name if territory.parent and territory.parent.kind != "province" else ""
        label = f"{territory.get_kind_display()} · {where}" if where else territory.get_kind_display()
        items.append((f"{territory.name} [{territory.public_id}]", label))
    return _suggestions(request, items)


@require_GET
def suggest_organizations(request: HttpRequest) -> HttpResponse:
    term, early = _suggestion_gate(request)
    if early is not None:
        return early
    found = Organization.objects.matching(term).order_by("name", "pk")[:SUGGESTIONS]
    items = [(f"{org.name} [{org.pk}]", org.acronym or org.get_sector_display()) for org in found]
    return _suggestions(request, items)


@require_GET
def suggest_people(request: HttpRequest) -> HttpResponse:
    """Names only, for those who may add people: never an email, a telephone or a note."""
    if request.user.is_authenticated and not policy.can_create_person(request.user):
        return HttpResponse(_NO_PERMISSION, status=403, content_type="text/plain; charset=utf-8")
    term, early = _suggestion_gate(request)
    if early is not None:
        return early
    visible = policy.visible_people(request.user, person_search(term))
    found = visible.only("pk", "given_name", "family_name")[:SUGGESTIONS]
    return _suggestions(request, [(f"{person.full_name} [{person.pk}]", "") for person in found])


@require_GET
def suggest_concertations(request: HttpRequest) -> HttpResponse:
    term, early = _suggestion_gate(request)
    if early is not None:
        return early
    visible = policy.visible_concertations(request.user, Concertation.objects.matching(term))
    found = visible.order_by("name", "pk")[:SUGGESTIONS]
    return _suggestions(request, [(f"{table.name} [{table.pk}]", table.acronym) for table in found])
