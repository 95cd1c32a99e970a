"""Addresses of the plans' pages and of their edit forms (namespace `registry`)."""

from django.urls import URLPattern, path

from .views import plans, plans_edit

urlpatterns: list[URLPattern] = [
    path("plans/", plans.plan_list, name="plan_list"),
    path("plans/nouveau/", plans_edit.plan_create, name="plan_create"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/modifier/", plans_edit.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/etape/", plans_edit.plan_stage_change, name="plan_stage_change"),
    path("plans/<int:pk>/documents/ajouter/", plans_edit.plan_document_add, name="plan_document_add"),
    path("documents-de-plan/<int:pk>/retirer/", plans_edit.plan_document_remove, name="plan_document_remove"),
    path("plans/<int:pk>/accompagnements/ajouter/", plans_edit.accompaniment_start, name="accompaniment_start"),
    path("accompagnements/<int:pk>/terminer/", plans_edit.accompaniment_end, name="accompaniment_end"),
    path("plans/<int:pk>/objectifs/ajouter/", plans_edit.objective_create, name="objective_create"),
    path("objectifs/<int:pk>/modifier/", plans_edit.objective_edit, name="objective_edit"),
    path("objectifs/<int:pk>/actions/ajouter/", plans_edit.action_create, name="action_create"),
    path("actions/<int:pk>/modifier/", plans_edit.action_edit, name="action_edit"),
    path("actions/<int:pk>/avancement/ajouter/", plans_edit.progress_record, name="progress_record"),
    path("avancements/<int:pk>/supprimer/", plans_edit.progress_delete, name="progress_delete"),
    path("actions/<int:pk>/contributions/ajouter/", plans_edit.contribution_record, name="contribution_record"),
    path("contributions/<int:pk>/modifier/", plans_edit.contribution_edit, name="contribution_edit"),
]
