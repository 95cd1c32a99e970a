"""The edit pages of plans: each one checks `policy.can_edit_plan`, parses with a form and calls exactly one
service of `arrimage.plans.services`, then goes back to the plan's page at the part that changed.

They share the life of the registry's other edit pages (`edit._form_page`): a refused permission is a 403
page and nothing is saved; a service's refusal is shown on the field it concerns.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from arrimage.access import policy
from arrimage.concertation.models import Concertation
from arrimage.plans import services
from arrimage.plans.models import Accompaniment, Action, Contribution, Objective, Plan, PlanDocument, ProgressUpdate
from arrimage.territories.models import Territory

from ..forms_plans import (
    AccompanimentEndForm,
    AccompanimentForm,
    ActionForm,
    ConfirmForm,
    ContributionForm,
    DocumentForm,
    ObjectiveForm,
    PlanForm,
    ProgressForm,
    StageChangeForm,
)
from .common import Crumb, record_number
from .edit import FormPage, _back, _data, _form_page


def _on_plan_page(plan_id: int, anchor: str = "") -> Any:
    """Where a save leads: the plan's page, at the part that changed (what `_form_page` redirects to)."""
    url = reverse("registry:plan_detail", args=[plan_id])
    return Crumb("", f"{url}#{anchor}" if anchor else url)


def _plan(pk: int) -> Plan:
    return get_object_or_404(
        Plan.objects.select_related("owner_territory", "owner_concertation")
        .defer("owner_territory__boundary")
        .prefetch_related("territories"),
        pk=pk,
    )


def _plan_url(plan: Plan, anchor: str = "") -> str:
    return str(_on_plan_page(plan.pk, anchor).get_absolute_url())


# Plans ---------------------------------------------------------------------------------------------


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    concertation, territory = _preselected(request)
    form = PlanForm(_data(request), initial=PlanForm.initial_owner(concertation, territory), user=request.user)

    def save() -> Any:
        plan = services.plan_create(data=form.to_data(), acting_user=request.user)
        return _on_plan_page(plan.pk)

    return _form_page(
        request,
        form,
        allowed=policy.can_create_plan(request.user),
        save=save,
        success=_("The plan was created. Add its objectives and actions now."),
        page=FormPage(
            title=_("New plan or policy"),
            submit=_("Create the plan"),
            cancel_url=concertation.get_absolute_url() if concertation else _back(request, "registry:plan_list"),
            intro=_(
                "A plan stratégique, a plan d'action concerté, a politique familiale, MADA or jeunesse… "
                "It starts at the stage « being drafted »."
            ),
            context_label=concertation.name if concertation else (territory.name if territory else ""),
        ),
    )


def _preselected(request: HttpRequest) -> tuple[Concertation | None, Territory | None]:
    """The owner a link from a concertation's or a territory's page preselects (ignored when unknown)."""
    concertation = territory = None
    number = record_number(request.GET.get("concertation", ""))
    if number is not None:
        found = Concertation.objects.filter(pk=number).first()
        if found is not None and policy.can_view_concertation(request.user, found):
            concertation = found
    public_id = request.GET.get("territory", "")
    if ":" in public_id:
        territory = Territory.objects.without_geometry().by_code(public_id).first()
    return concertation, territory


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(pk)
    form = PlanForm(_data(request), initial=PlanForm.initial_from(plan), user=request.user)

    def save() -> Any:
        services.plan_update(
            plan=plan, data=form.to_data(), acting_user=request.user, expected_version=form.expected_version
        )
        return _on_plan_page(plan.pk)

    return _form_page(
        request,
        form,
        allowed=policy.can_edit_plan(request.user, plan),
        save=save,
        success=_("The changes were saved."),
        page=FormPage(
            title=_("Edit « %(name)s »") % {"name": plan.name},
            submit=_("Save the changes"),
            cancel_url=_plan_url(plan),
        ),
    )


@login_required
def plan_stage_change(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(pk)
    form = StageChangeForm(_data(request), initial={"version": plan.version})

    def save() -> Any:
        services.plan_stage_change(plan=plan, acting_user=request.user, **form.change())
        return _on_plan_page(plan.pk, "stages")

    return _form_page(
        request,
        form,
        allowed=policy.can_edit_plan(request.user, plan),
        save=save,
        success=_("The change of stage was recorded."),
        page=FormPage(
            title=_("Change the stage of the plan"),
            submit=_("Record the change of stage"),
            cancel_url=_plan_url(plan, "stages"),
            context_label=plan.name,
            intro=_("The plan is now « %(stage)s ». Going back to an earlier stage needs a reason.")
            % {"stage": plan.get_stage_display()},
        ),
    )


# Documents -----------------------------------------------------------------------------------------


@login_required
def plan_document_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(pk)
    form = DocumentForm(_data(request))

    def save() -> Any:
        data = form.cleaned_data
        services.plan_document_add(
            plan=plan, title=data["title"], url=data["url"], order=data["order"], acting_user=request.user
        )
        return _on_plan_page(plan.pk, "documents")

    return _form_page(
        request,
        form,
        allowed=policy.can_edit_plan(request.user, plan),
        save=save,
        success=_("The document was linked to the plan."),
        page=FormPage(
            title=_("Link a document"),
            submit=_("Link the document"),
            cancel_url=_plan_url(plan, "documents"),
            context_label=plan.name,
            intro=_("The plan itself, the adoption resolution, an evaluation report… published elsewhere."),
        ),
    )


@login_required
def plan_document_remove(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(PlanDocument.objects.select_related("plan"), pk=pk)
    plan = _plan(document.plan_id)
    form = ConfirmForm(_data(request))

    def save() -> Any:
        services.plan_document_remove(document=document, acting_user=request.user)
        return _on_plan_page(plan.pk, "documents")

    return _form_page(
        request,
        form,
        allowed=policy.can_edit_plan(request.user, plan),
        save=save,
        success=_("The document is no longer linked to the plan."),
        page=FormPage(
            title=_("Remove the link to « %(title)s »") % {"title": document.title},
            submit=_("Remove the link"),
            cancel_url=_plan_url(plan, "documents"),
            context_label=plan.name,
            intro=_("The document itself is not deleted: only its link on the plan's page."),
        ),
    )


# Accompaniments ------------------------------------------------------------------------------------


@login_required
def accompaniment_start(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(pk)
    form = AccompanimentForm(_data(request))

    def save() -> Any:
        services.accompaniment_start(plan=plan, acting_user=request.user, **form.accompaniment())
        return _on_plan_page(plan.pk, "accompaniment")

    return _form_page(
        request,
        form,
        allowed=policy.can_edit_plan(request.user, plan),
        save=save,
        success=_("The accompaniment was recorded."),
        page=FormPage(
            title=_("Who accompanies the plan?"),
            submit=_("Record the accompaniment"),
            cancel_url=_plan_url(plan, "accompaniment"),
            context_label=plan.name,
            intro=_("An organisation that helps the plan's owner through one stage, such as its implementation."),
        ),
    )


@login_required
def accompaniment_end(request: HttpRequest, pk: int) -> HttpResponse:
    accompaniment = get_object_or_404(Accompaniment.objects.select_related("organization"), pk=pk)
    plan = _plan(accompaniment.plan_id)
    form = AccompanimentEndForm(_data(request))

    def save() -> Any:
        services.accompaniment_end(accompaniment=accompaniment, end=form.cleaned_data["end"], acting_user=request.user)
        return _on_plan_page(plan.pk, "accompaniment")

    return _form_page(
        request,
        form,
        allowed=policy.can_edit_plan(request.user, plan),
        save=save,
        success=_("The end of the accompaniment was recorded."),
        page=FormPage(
            title=_("End the accompaniment by %(organization)s")
            % {"organization": accompaniment.organization.short_name},
            submit=_("End the accompaniment"),
            cancel_url=_plan_url(plan, "accompaniment"),
            context_label=plan.name,
        ),
    )


# Objectives and actions ----------------------------------------------------------------------------


@login_required
def objective_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(pk)
    form = ObjectiveForm(_data(request))

    def save() -> Any:
        objective = services.objective_create(plan=plan, data=form.to_data(), acting_user=request.user)
        return _on_plan_page(plan.pk, f"objective-{objective.pk}")

    return _form_page(
        request,
        form,
        allowed=policy.can_edit_plan(request.user, plan),
        save=save,
        success=_("The objective was added. Add its actions now."),
        page=FormPage(
            title=_("Add an objective"),
            submit=_("Add the objective"),
            cancel_url=_plan_url(plan, "objectives"),
            context_label=plan.name,
            intro=_("What the plan sets out to achieve. Its actions will say how."),
        ),
    )


def _objective(pk: int) -> Objective:
    return get_object_or_404(Objective.objects.select_related("plan"), pk=pk)


@login_required
def objective_edit(request: HttpRequest, pk: int) -> HttpResponse:
    objective = _objective(pk)
    plan = _plan(objective.plan_id)
    form = ObjectiveForm(_data(request), initial=ObjectiveForm.initial_from(objective))

    def save() -> Any:
        services.objective_update(objective=objective, data=form.to_data(), acting_user=request.user)
        return _on_plan_page(plan.pk, f"objective-{objective.pk}")

    return _form_page(
        request,
        form,
        allowed=policy.can_edit_plan(request.user, plan),
        save=save,
        success=_("The objective was saved."),
        page=FormPage(
            title=_("Edit the objective « %(title)s »") % {"title": objective.title},
            submit=_("Save the objective"),
            cancel_url=_plan_url(plan, f"objective-{objective.pk}"),
            context_label=plan.name,
        ),
    )


@login_required
def action_create(request: HttpRequest, pk: int) -> HttpResponse:
    objective = _objective(pk)
    plan = _plan(objective.plan_id)
    form = ActionForm(_data(request))

    def save() -> Any:
        action = services.action_create(objective=objective, data=form.to_data(), acting_user=request.user)
        return _on_plan_page(plan.pk, f"action-{action.pk}")

    return _form_page(
        request,
        form,
        allowed=policy.can_edit_plan(request.user, plan),
        save=save,
        success=_("The action was added."),
        page=FormPage(
            title=_("Add an action"),
            submit=_("Add the action"),
            cancel_url=_plan_url(plan, f"objective-{objective.pk}"),
            context_label=objective.title,
        ),
    )


def _action(pk: int) -> Action:
    return get_object_or_404(Action.objects.select_related("objective"), pk=pk)


@login_required
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action(pk)
    plan = _plan(action.objective.plan_id)
    form = ActionForm(_data(request), initial=ActionForm.initial_from(action))

    def save() -> Any:
        services.action_update(
            action=action, data=form.to_data(), acting_user=request.user, expected_version=form.expected_version
        )
        return _on_plan_page(plan.pk, f"action-{action.pk}")

    return _form_page(
        request,
        form,
        allowed=policy.can_edit_plan(request.user, plan),
        save=save,
        success=_("The action was saved."),
        page=FormPage(
            title=_("Edit the action « %(title)s »") % {"title": action.title},
            submit=_("Save the action"),
            cancel_url=_plan_url(plan, f"action-{action.pk}"),
            context_label=action.objective.title,
        ),
    )


# Progress and contributions ------------------------------------------------------------------------


@login_required
def progress_record(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action(pk)
    plan = _plan(action.objective.plan_id)
    form = ProgressForm(_data(request))

    def save() -> Any:
        data = form.cleaned_data
        services.progress_record(
            action=action, on=data["on"], percent=data["percent"], text=data["text"], acting_user=request.user
        )
        return _on_plan_page(plan.pk, f"action-{action.pk}")

    return _form_page(
        request,
        form,
        allowed=policy.can_edit_plan(request.user, plan),
        save=save,
        success=_("The progress was recorded."),
        page=FormPage(
            title=_("Where does the action stand?"),
            submit=_("Record the progress"),
            cancel_url=_plan_url(plan, f"action-{action.pk}"),
            context_label=action.title,
            intro=_("The share of the action done on that day, and a few words on what was done."),
        ),
    )


@login_required
def progress_delete(request: HttpRequest, pk: int) -> HttpResponse:
    update = get_object_or_404(ProgressUpdate.objects.select_related("action__objective"), pk=pk)
    action = update.action
    plan = _plan(action.objective.plan_id)
    form = ConfirmForm(_data(request))

    def save() -> Any:
        services.progress_delete(update=update, acting_user=request.user)
        return _on_plan_page(plan.pk, f"action-{action.pk}")

    return _form_page(
        request,
        form,
        allowed=policy.can_edit_plan(request.user, plan),
        save=save,
        success=_("The progress update was withdrawn."),
        page=FormPage(
            title=_("Withdraw the progress update of %(date)s") % {"date": formats.date_format(update.on)},
            submit=_("Withdraw the update"),
            cancel_url=_plan_url(plan, f"action-{action.pk}"),
            context_label=action.title,
            intro=_("Only for an update recorded by mistake. The history keeps it."),
        ),
    )


@login_required
def contribution_record(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action(pk)
    plan = _plan(action.objective.plan_id)
    form = ContributionForm(_data(request))

    def save() -> Any:
        services.contribution_record(action=action, data=form.to_data(), acting_user=request.user)
        return _on_plan_page(plan.pk, f"action-{action.pk}")

    return _form_page(
        request,
        form,
        allowed=policy.can_edit_plan(request.user, plan),
        save=save,
        success=_("The contribution was recorded."),
        page=FormPage(
            title=_("Record a contribution"),
            submit=_("Record the contribution"),
            cancel_url=_plan_url(plan, f"action-{action.pk}"),
            context_label=action.title,
            intro=_("What an organisation commits to the action: money, staff hours, goods, expertise or premises."),
        ),
    )


@login_required
def contribution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = get_object_or_404(Contribution.objects.select_related("action__objective", "organization"), pk=pk)
    action = contribution.action
    plan = _plan(action.objective.plan_id)
    form = ContributionForm(_data(request), initial=ContributionForm.initial_from(contribution))

    def save() -> Any:
        services.contribution_update(contribution=contribution, data=form.to_data(), acting_user=request.user)
        return _on_plan_page(plan.pk, f"action-{action.pk}")

    return _form_page(
        request,
        form,
        allowed=policy.can_edit_plan(request.user, plan),
        save=save,
        success=_("The contribution was saved."),
        page=FormPage(
            title=_("Edit the contribution of %(organization)s")
            % {"organization": contribution.organization.short_name},
            submit=_("Save the contribution"),
            cancel_url=_plan_url(plan, f"action-{action.pk}"),
            context_label=action.title,
        ),
    )
