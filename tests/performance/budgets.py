"""The query budget of every page and endpoint: how to reach it in the world, who asks, and the most queries
it may run. `test_query_budgets` fetches each entry in a small and a large world and checks the budget, and
that the count does not grow with the data; `test_query_plans` explains every query these requests run.

A new URL without an entry (or without an exclusion saying why it is not measured) fails the inventory.

Budgets are counted cold: the caches emptied and the analysis forgotten before the request, so that a page
with a cache (the territorial analysis and its figures, the planning tab, the portrait) shows the work it
does on its first visit after a change. The warm count (the same request again) is checked too: never more
than cold, and the same in both worlds. The session, the user and the role checks are part of the count,
and so is the read of the data version that names a cached page or answer (`arrimage.core.pagecache`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from tests.security.rules import ids
from tests.security.world import World

TOKEN = "token"  # the territorial editor's API key, sent as `Authorization: Bearer …` by an anonymous client


def at(name: str, query: str = "", **names: str) -> Callable[[World], str]:
    """The address `name` with its arguments taken from the world's objects (see `tests.security.rules.ids`)."""
    arguments = ids(**names)

    def url(world: World) -> str:
        return reverse(name, kwargs=arguments(world) or None) + (f"?{query}" if query else "")

    return url


def term_at(name: str) -> Callable[[World], str]:
    """The address `name` of the glossary's seeded term « MRC »."""

    def url(world: World) -> str:
        from arrimage.glossary.models import Term

        return reverse(name, kwargs={"pk": Term.objects.get(acronym="MRC").pk})

    return url


@dataclass(frozen=True)
class Budget:
    url: Callable[[World], str]
    role: str  # one of tests.security.world.ROLES, or TOKEN
    queries: int  # the most queries the request may run (cold)
    status: int = 200
    method: str = "GET"
    body: Callable[[World], dict[str, Any]] | None = None  # a JSON body for the API's writes
    note: str = ""

    def payload(self, world: World) -> str:
        return json.dumps(self.body(world)) if self.body else ""


B = Budget
SEARCHED = "q=ta"  # a word found in many names ("table", "Capitale-Nationale"...)

BUDGETS: dict[str, Budget] = {
    # Site ---------------------------------------------------------------------------------------
    "home": B(at("home"), "anonymous", 3),
    "privacy": B(at("privacy"), "anonymous", 0),
    "set_language": B(at("set_language"), "anonymous", 0, status=302, note="GET only redirects"),
    "admin": B(at("admin:index"), "admin", 3, note="the admin site's index stands for the admin site"),
    # Territories --------------------------------------------------------------------------------
    "territories:search": B(at("territories:search", SEARCHED), "anonymous", 3),
    "territories:detail": B(at("territories:detail", public_id="territory"), "anonymous", 5),
    # Registry: reading (a page whose texts hold a word shaped like an acronym also reads the glossary's
    # acronyms: one query per request, whatever the data) ------------------------------------------
    "registry:concertation_list": B(at("registry:concertation_list"), "editor", 15),
    "registry:concertation_detail": B(at("registry:concertation_detail", pk="private"), "editor", 26),
    "registry:organization_list": B(at("registry:organization_list"), "anonymous", 5),
    "registry:organization_detail": B(at("registry:organization_detail", pk="organization"), "editor", 26),
    "registry:person_detail": B(at("registry:person_detail", pk="citizen"), "editor", 21),
    # Privacy (Law 25) ---------------------------------------------------------------------------
    "registry:person_consent": B(at("registry:person_consent", pk="citizen"), "editor", 9),
    "registry:person_data_export": B(at("registry:person_data_export", pk="citizen"), "editor", 23),
    "registry:person_erase": B(at("registry:person_erase", pk="citizen"), "admin", 3),
    # Registry: editing --------------------------------------------------------------------------
    "registry:concertation_create": B(at("registry:concertation_create"), "editor", 10),
    "registry:concertation_edit": B(at("registry:concertation_edit", pk="private"), "coordinator", 10),
    "registry:seat_create": B(at("registry:seat_create", pk="private"), "coordinator", 4),
    "registry:seat_edit": B(at("registry:seat_edit", pk="private_seat"), "coordinator", 4),
    "registry:seat_abolish": B(at("registry:seat_abolish", pk="private_seat"), "coordinator", 4),
    "registry:membership_start": B(at("registry:membership_start", pk="private_seat"), "coordinator", 4),
    "registry:membership_end": B(at("registry:membership_end", pk="private_membership"), "coordinator", 4),
    "registry:membership_edit": B(at("registry:membership_edit", pk="private_membership"), "coordinator", 4),
    "registry:membership_replace": B(at("registry:membership_replace", pk="private_membership"), "coordinator", 4),
    "registry:organization_create": B(at("registry:organization_create"), "editor", 3),
    "registry:organization_edit": B(at("registry:organization_edit", pk="organization"), "editor", 7),
    "registry:person_create": B(at("registry:person_create"), "editor", 3),
    "registry:person_edit": B(at("registry:person_edit", pk="citizen"), "editor", 10),
    "registry:position_create": B(at("registry:position_create", pk="citizen"), "editor", 9),
    "registry:position_end": B(at("registry:position_end", pk="position"), "editor", 9),
    "registry:suggest_territories": B(at("registry:suggest_territories", SEARCHED), "editor", 3),
    "registry:suggest_organizations": B(at("registry:suggest_organizations", "q=org"), "editor", 3),
    "registry:suggest_people": B(at("registry:suggest_people", "q=a"), "editor", 3),
    "registry:suggest_concertations": B(at("registry:suggest_concertations", SEARCHED), "editor", 10),
    "registry:service_create": B(at("registry:service_create", pk="organization"), "editor", 10),
    "registry:service_edit": B(at("registry:service_edit", pk="service"), "editor", 12),
    # Registry: exports --------------------------------------------------------------------------
    "registry:concertation_export": B(at("registry:concertation_export", fmt="csv"), "editor", 13),
    "registry:organization_export": B(at("registry:organization_export", fmt="xlsx"), "anonymous", 3),
    "registry:concertation_seats_export": B(
        at("registry:concertation_seats_export", pk="private", fmt="csv"), "editor", 12
    ),
    # Registry: imports --------------------------------------------------------------------------
    "registry:import_list": B(at("registry:import_list"), "editor", 4),
    "registry:import_start": B(at("registry:import_start"), "editor", 12),
    "registry:import_detail": B(at("registry:import_detail", pk="import_run"), "editor", 3),
    "registry:import_undo": B(at("registry:import_undo", pk="import_run"), "editor", 3),
    # Registry: territorial analysis -------------------------------------------------------------
    "registry:territory_analysis": B(at("registry:territory_analysis", public_id="territory"), "anonymous", 32),
    "registry:overlap_mark": B(at("registry:overlap_mark", first="public", second="private"), "coordinator", 7),
    "registry:overlap_withdraw": B(at("registry:overlap_withdraw", pk="decision"), "coordinator", 5),
    "registry:territory_analysis_figure": B(
        at("registry:territory_analysis_figure", public_id="territory", figure="lacunes", fmt="csv"), "anonymous", 25
    ),
    "registry:territory_analysis_chart": B(
        at("registry:territory_analysis_chart", public_id="territory", chart="sollicitation"), "anonymous", 25
    ),
    "registry:concertation_demarches": B(at("registry:concertation_demarches", pk="private"), "member", 21),
    # Plans --------------------------------------------------------------------------------------
    "registry:programme_list": B(at("registry:programme_list"), "anonymous", 7),
    "registry:programme_create": B(at("registry:programme_create"), "editor", 4),
    "registry:programme_detail": B(at("registry:programme_detail", pk="programme"), "editor", 33),
    "registry:programme_edit": B(at("registry:programme_edit", pk="programme"), "editor", 7),
    "registry:programme_delete": B(at("registry:programme_delete", pk="programme"), "editor", 6),
    "registry:deadline_add": B(at("registry:deadline_add", pk="programme"), "editor", 6),
    "registry:deadline_remove": B(at("registry:deadline_remove", pk="programme_deadline"), "editor", 7),
    "registry:deadline_calendar": B(at("registry:deadline_calendar"), "anonymous", 1),
    "registry:deadline_feed": B(at("registry:deadline_feed"), "anonymous", 1),
    # Meetings: minutes and feed -------------------------------------------------------------------
    "registry:meeting_minutes": B(at("registry:meeting_minutes", pk="minutes_meeting"), "coordinator", 11),
    "registry:meeting_minutes_pdf": B(at("registry:meeting_minutes_pdf", pk="private_meeting"), "member", 10),
    "registry:concertation_meetings_ical": B(at("registry:concertation_meetings_ical", pk="private"), "member", 8),
    "registry:territory_programmes": B(at("registry:territory_programmes", public_id="region"), "editor", 16),
    "registry:plan_list": B(at("registry:plan_list"), "anonymous", 6),
    "registry:plan_create": B(at("registry:plan_create"), "editor", 10),
    "registry:plan_detail": B(at("registry:plan_detail", pk="private_plan"), "editor", 21),
    "registry:plan_edit": B(at("registry:plan_edit", pk="private_plan"), "coordinator", 8),
    "registry:plan_stage_change": B(at("registry:plan_stage_change", pk="plan"), "coordinator", 5),
    "registry:plan_document_add": B(at("registry:plan_document_add", pk="plan"), "coordinator", 5),
    "registry:plan_document_remove": B(at("registry:plan_document_remove", pk="document"), "coordinator", 6),
    "registry:accompaniment_start": B(at("registry:accompaniment_start", pk="plan"), "coordinator", 5),
    "registry:accompaniment_end": B(at("registry:accompaniment_end", pk="accompaniment"), "coordinator", 6),
    "registry:objective_create": B(at("registry:objective_create", pk="private_plan"), "coordinator", 5),
    "registry:objective_edit": B(at("registry:objective_edit", pk="private_objective"), "coordinator", 6),
    "registry:action_create": B(at("registry:action_create", pk="objective"), "coordinator", 7),
    "registry:action_edit": B(at("registry:action_edit", pk="private_action"), "coordinator", 10),
    "registry:progress_record": B(at("registry:progress_record", pk="action"), "coordinator", 6),
    "registry:progress_delete": B(at("registry:progress_delete", pk="progress"), "coordinator", 6),
    "registry:contribution_record": B(at("registry:contribution_record", pk="action"), "coordinator", 6),
    "registry:contribution_edit": B(at("registry:contribution_edit", pk="contribution"), "coordinator", 6),
    "registry:note_list": B(at("registry:note_list", "q=fiche"), "anonymous", 5),
    "registry:note_create": B(at("registry:note_create"), "editor", 10),
    "registry:note_detail": B(at("registry:note_detail", pk="note"), "coordinator", 11),
    "registry:note_edit": B(at("registry:note_edit", pk="note"), "coordinator", 10),
    "registry:note_publish": B(at("registry:note_publish", pk="note"), "coordinator", 7),
    "registry:note_delete": B(at("registry:note_delete", pk="note"), "coordinator", 7),
    # Meetings.
    "registry:meeting_list": B(at("registry:meeting_list", pk="private"), "editor", 13),
    "registry:meeting_create": B(at("registry:meeting_create", pk="public"), "coordinator", 9),
    "registry:meeting_detail": B(at("registry:meeting_detail", pk="meeting"), "anonymous", 8),
    "registry:meeting_edit": B(at("registry:meeting_edit", pk="meeting"), "coordinator", 8),
    "registry:meeting_attendance": B(at("registry:meeting_attendance", pk="meeting"), "coordinator", 5),
    "registry:meeting_minutes_edit": B(at("registry:meeting_minutes_edit", pk="meeting"), "coordinator", 5),
    "registry:decision_create": B(at("registry:decision_create", pk="meeting"), "coordinator", 5),
    "registry:follow_up_create": B(at("registry:follow_up_create", pk="meeting_decision"), "coordinator", 5),
    "registry:follow_up_done": B(at("registry:follow_up_done", pk="follow_up"), "coordinator", 4),
    "registry:meeting_agenda_from_follow_ups": B(
        at("registry:meeting_agenda_from_follow_ups", pk="meeting"), "coordinator", 4
    ),
    "registry:meeting_delete": B(at("registry:meeting_delete", pk="meeting"), "coordinator", 4),
    "registry:decision_edit": B(at("registry:decision_edit", pk="meeting_decision"), "coordinator", 5),
    "registry:decision_delete": B(at("registry:decision_delete", pk="meeting_decision"), "coordinator", 4),
    "registry:follow_up_edit": B(at("registry:follow_up_edit", pk="follow_up"), "coordinator", 5),
    "registry:follow_up_delete": B(at("registry:follow_up_delete", pk="follow_up"), "coordinator", 4),
    "registry:cycle_stage_enter": B(at("registry:cycle_stage_enter", pk="private"), "coordinator", 10),
    "registry:cycle_note_edit": B(at("registry:cycle_note_edit", pk="stage"), "coordinator", 9),
    "registry:network_cycle": B(at("registry:network_cycle", pk="private"), "member", 11),
    "registry:territory_cycle": B(at("registry:territory_cycle", public_id="territory"), "anonymous", 8),
    "registry:territory_plans": B(at("registry:territory_plans", public_id="territory"), "anonymous", 33),
    "registry:territory_plans_figure": B(
        at("registry:territory_plans_figure", public_id="territory", figure="charge", fmt="xlsx"), "anonymous", 30
    ),
    # Reports ------------------------------------------------------------------------------------
    "reports:territory_portrait": B(at("reports:territory_portrait", public_id="territory"), "anonymous", 82),
    "reports:territory_portrait_pdf": B(at("reports:territory_portrait_pdf", public_id="territory"), "anonymous", 82),
    "reports:concertation_annual": B(at("reports:concertation_annual", pk="private"), "member", 20),
    "reports:concertation_annual_pdf": B(at("reports:concertation_annual_pdf", pk="private"), "editor", 21),
    "reports:handover": B(at("reports:handover", pk="citizen"), "editor", 31),
    "reports:handover_pdf": B(at("reports:handover_pdf", pk="citizen"), "editor", 31),
    # Accounts -----------------------------------------------------------------------------------
    "accounts:profile": B(at("accounts:profile"), "editor", 4),
    "accounts:login": B(at("accounts:login"), "anonymous", 0),
    "accounts:token_create": B(at("accounts:token_create"), "editor", 2),
    "accounts:token_revoke": B(at("accounts:token_revoke", pk="token"), "editor", 9, status=302, method="POST"),
    "accounts:password_change": B(at("accounts:password_change"), "editor", 2),
    "accounts:security_events": B(at("accounts:security_events"), "admin", 4),
    "accounts:password_reset": B(at("accounts:password_reset"), "anonymous", 0),
    "accounts:password_reset_done": B(at("accounts:password_reset_done"), "anonymous", 0),
    "accounts:password_reset_confirm": B(
        at("accounts:password_reset_confirm", uidb64="MQ", token="set-password"), "anonymous", 1
    ),
    "accounts:password_reset_complete": B(at("accounts:password_reset_complete"), "anonymous", 0),
    # API: reading -------------------------------------------------------------------------------
    "api-1:openapi-json": B(at("api-1:openapi-json"), "anonymous", 0),
    "api-1:openapi-view": B(at("api-1:openapi-view"), "anonymous", 0),
    "api-1:territory_list": B(at("api-1:territory_list"), "anonymous", 3),
    "api-1:territory_detail": B(at("api-1:territory_detail", public_id="territory"), "anonymous", 2),
    "api-1:territory_geojson": B(at("api-1:territory_geojson", public_id="territory"), "anonymous", 3),
    "api-1:organization_list": B(at("api-1:organization_list"), TOKEN, 6),
    "api-1:organization_detail": B(at("api-1:organization_detail", pk="organization"), TOKEN, 6),
    "api-1:person_list": B(at("api-1:person_list"), TOKEN, 7),
    "api-1:person_detail": B(at("api-1:person_detail", pk="citizen"), TOKEN, 15),
    "api-1:concertation_list": B(at("api-1:concertation_list"), TOKEN, 14),
    "api-1:concertation_detail": B(at("api-1:concertation_detail", pk="private"), TOKEN, 11),
    "api-1:concertation_seats": B(at("api-1:concertation_seats", pk="private"), TOKEN, 13),
    "api-1:membership_list": B(at("api-1:membership_list"), TOKEN, 13),
    "api-1:theme_list": B(at("api-1:theme_list"), "anonymous", 1),
    "api-1:service_list": B(at("api-1:service_list"), "anonymous", 5),
    "api-1:service_detail": B(at("api-1:service_detail", pk="service"), "anonymous", 4),
    "api-1:export_hsds": B(at("api-1:export_hsds"), "anonymous", 6),
    "api-1:export_popolo": B(at("api-1:export_popolo"), TOKEN, 19),
    "api-1:concertation_geojson": B(at("api-1:concertation_geojson", pk="private"), TOKEN, 13),
    "api-1:analysis_landscape": B(at("api-1:analysis_landscape", public_id="territory"), "anonymous", 26),
    "api-1:analysis_coverage": B(at("api-1:analysis_coverage", public_id="territory"), "anonymous", 26),
    "api-1:analysis_overlaps": B(at("api-1:analysis_overlaps", public_id="territory"), "anonymous", 26),
    "api-1:analysis_load": B(at("api-1:analysis_load", public_id="territory"), TOKEN, 37),
    "api-1:analysis_network": B(at("api-1:analysis_network", public_id="territory"), "anonymous", 27),
    "api-1:analysis_turnover": B(at("api-1:analysis_turnover", public_id="territory"), "anonymous", 26),
    "api-1:analysis_citizen_seats": B(at("api-1:analysis_citizen_seats", public_id="territory"), "anonymous", 26),
    "api-1:analysis_equity": B(at("api-1:analysis_equity", public_id="territory"), "anonymous", 26),
    "api-1:analysis_comparison": B(
        at("api-1:analysis_comparison", "from=2021-01-01", public_id="territory"), "anonymous", 48
    ),
    "api-1:concertation_demarches": B(at("api-1:concertation_demarches", pk="private"), TOKEN, 22),
    "api-1:programme_list": B(at("api-1:programme_list"), "anonymous", 5),
    "api-1:programme_detail": B(at("api-1:programme_detail", pk="programme"), "anonymous", 19),
    "api-1:plan_list": B(at("api-1:plan_list"), "anonymous", 5),
    "api-1:plan_detail": B(at("api-1:plan_detail", pk="private_plan"), TOKEN, 20),
    "api-1:territory_planning": B(at("api-1:territory_planning", public_id="territory"), "anonymous", 30),
    "registry:plain_check": B(at("registry:plain_check"), "anonymous", 0),
    "api-1:plain_language_check": B(
        at("api-1:plain_language_check"),
        TOKEN,
        9,
        method="POST",
        body=lambda w: {"text": "La MRC vous invite à la mise en œuvre du plan.", "language": "fr"},
        note="nothing is stored: the key, the data version and the approved glossary",
    ),
    "api-1:practice_note_list": B(at("api-1:practice_note_list", "q=fiche"), "anonymous", 6),
    "api-1:practice_note_detail": B(at("api-1:practice_note_detail", pk="note"), TOKEN, 14),
    # API: writes (each in a savepoint rolled back) ---------------------------------------------
    "api-1:organization_create": B(
        at("api-1:organization_create"),
        TOKEN,
        25,
        status=201,
        method="POST",
        body=lambda w: {"name": "Organisme créé", "sector": "community", "territories_served": [w.territory.public_id]},
    ),
    "api-1:organization_update": B(
        at("api-1:organization_update", pk="organization"),
        TOKEN,
        26,
        method="PATCH",
        body=lambda w: {"name": "Organisme renommé", "version": w.organization.version},
    ),
    "api-1:person_create": B(
        at("api-1:person_create"),
        TOKEN,
        17,
        status=201,
        method="POST",
        body=lambda w: {"given_name": "Léa", "family_name": "Roy", "email": "lea@example.org"},
    ),
    "api-1:person_update": B(
        at("api-1:person_update", pk="citizen"),
        TOKEN,
        24,
        method="PATCH",
        body=lambda w: {"family_name": "Renommée", "version": w.citizen.version},
    ),
    "api-1:position_create": B(
        at("api-1:position_create", pk="citizen"),
        TOKEN,
        22,
        status=201,
        method="POST",
        body=lambda w: {"organization": w.organization.pk, "job_title": "Agente", "start": "2024-02"},
    ),
    "api-1:position_end": B(
        at("api-1:position_end", pk="position"), TOKEN, 23, method="POST", body=lambda w: {"end": "2025-06-30"}
    ),
    "api-1:concertation_create": B(
        at("api-1:concertation_create"),
        TOKEN,
        30,
        status=201,
        method="POST",
        body=lambda w: {
            "name": "Table créée",
            "kind": "table",
            "level": "local",
            "territories": [w.territory.public_id],
        },
    ),
    "api-1:concertation_update": B(
        at("api-1:concertation_update", pk="private"),
        TOKEN,
        33,
        method="PATCH",
        body=lambda w: {"acronym": "TP", "version": w.private.version},
    ),
    "api-1:seat_create": B(
        at("api-1:seat_create", pk="private"), TOKEN, 22, status=201, method="POST", body=lambda w: {"label": "Siège"}
    ),
    "api-1:membership_start": B(
        at("api-1:membership_start"),
        TOKEN,
        32,
        status=201,
        method="POST",
        body=lambda w: {"seat": w.private_seat.pk, "person": w.consenting.pk, "start": "2019", "end": "2020-06"},
    ),
    "api-1:membership_end": B(
        at("api-1:membership_end", pk="private_membership"),
        TOKEN,
        32,
        method="POST",
        body=lambda w: {"end": "2024-06", "reason": "resigned"},
    ),
    "api-1:membership_replace": B(
        at("api-1:membership_replace", pk="private_membership"),
        TOKEN,
        60,
        status=201,
        method="POST",
        body=lambda w: {"on": "2024-03-15", "person": w.consenting.pk},
    ),
    "api-1:service_create": B(
        at("api-1:service_create"),
        TOKEN,
        22,
        status=201,
        method="POST",
        body=lambda w: {"organization": w.organization.pk, "name": "Service créé"},
    ),
    "api-1:service_update": B(
        at("api-1:service_update", pk="service"),
        TOKEN,
        26,
        method="PATCH",
        body=lambda w: {"name": "Service renommé", "version": w.service.version},
    ),
    # Glossary (the seeded MRC stands for a term) ---------------------------------------------------
    "registry:term_list": B(at("registry:term_list"), "anonymous", 3),
    "registry:term_detail": B(term_at("registry:term_detail"), "anonymous", 6),
    "registry:term_propose": B(at("registry:term_propose"), "coordinator", 4),
    "registry:term_edit": B(term_at("registry:term_edit"), "editor", 10),
    "registry:term_queue": B(at("registry:term_queue"), "editor", 4),
    "registry:term_approve": B(
        term_at("registry:term_approve"), "editor", 12, status=302, method="POST", note="already approved: refused"
    ),
    "registry:term_refuse": B(
        term_at("registry:term_refuse"), "editor", 12, status=302, method="POST", note="no reason given: refused"
    ),
    "api-1:term_list": B(at("api-1:term_list"), "anonymous", 3),
    "api-1:term_detail": B(term_at("api-1:term_detail"), "anonymous", 6),
}

# Addresses not measured, each with its reason.
EXCLUDED: dict[str, str] = {
    "api-1:api-root": "the API has no root document (404); its description is openapi-json, measured",
    "accounts:logout": "signs out on POST only, which ends the measuring client's session",
    "registry:import_sheet": "a wizard step: needs an uploaded file in the session (the wizard has its own tests)",
    "registry:import_mapping": "a wizard step: needs an uploaded file in the session (the wizard has its own tests)",
    "registry:import_preview": "a wizard step: needs an uploaded file in the session (the wizard has its own tests)",
    "registry:import_progress": "a wizard step: needs an uploaded file in the session (the wizard has its own tests)",
    "registry:import_abandon": "a wizard step (POST only): needs an uploaded file in the session",
    "jobs:detail": "a job exists only for the session that asked for it (counted in arrimage/jobs/tests)",
    "jobs:status": "a job exists only for the session that asked for it (counted in arrimage/jobs/tests)",
    "jobs:file": "a job exists only for the session that asked for it (counted in arrimage/jobs/tests)",
}
