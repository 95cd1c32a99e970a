"""Who may open each address of the site: one rule per URL name (the API's operations by their URL name, the
admin site as one rule), each a named profile giving the expected answer for the seven roles of
`tests.security.world.ROLES`, and the objects of the world that fill the address's arguments.

A new view without a rule fails `test_permission_matrix`; so does a rule naming an address that is gone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Answers -------------------------------------------------------------------------------------------

OK = "200"  # the page (or the file) itself
LOGIN = "login"  # a redirection to the sign-in page
DENIED = "403"
HIDDEN = "404"  # the object does not exist for this role
AWAY = "302"  # a redirection elsewhere (after a done action, or to the page that holds the form)
UNSIGNED = "401"  # the API without a key
NOT_ALLOWED = "405"  # the method is not accepted (a form that only takes POST)
CREATED = "201"
INVALID = "422"  # the API read the key, then refused the empty body

Profile = dict[str, str]


def profile(default: str, **roles: str) -> Profile:
    """The same answer for every role, except those named."""
    from .world import ROLES

    unknown = set(roles) - set(ROLES)
    assert not unknown, unknown
    return {role: roles.get(role, default) for role in ROLES}


def done(allowed: Profile) -> Profile:
    """The answers to a POST that does what it asks (no field to fill): a redirection for those allowed."""
    return {role: AWAY if answer == OK else answer for role, answer in allowed.items()}


# Pages.
PUBLIC = profile(OK)
SIGNED_IN = profile(OK, anonymous=LOGIN)
ADMIN_ONLY = profile(DENIED, anonymous=LOGIN, admin=OK)
# Coordinators (of any concertation), territorial editors (of any territory) and administrators.
CREATORS = profile(OK, anonymous=LOGIN, member=DENIED)
EDITORS_AND_ADMIN = profile(OK, anonymous=LOGIN, member=DENIED, coordinator_other=DENIED, coordinator=DENIED)
# Those who may edit the object: its concertation's coordinator, the editor covering it, administrators.
EDITORS_OF_OBJECT = profile(OK, anonymous=LOGIN, member=DENIED, coordinator_other=DENIED, editor_other=DENIED)
# Judging two concertations complementary: those who may edit one of them and see both; a private one is
# not named to the others (404), a member may not judge (403).
JUDGES = profile(OK, anonymous=LOGIN, member=DENIED, coordinator_other=HIDDEN, editor_other=HIDDEN)
# A private concertation's pages: its members, coordinator, covering editor and administrators.
PRIVATE_CONCERTATION = profile(OK, anonymous=HIDDEN, coordinator_other=HIDDEN, editor_other=HIDDEN)
# A person who did not consent: those who work with them (members and coordinators of their tables, the
# editor covering their organisation) and administrators.
PRIVATE_PERSON = profile(OK, anonymous=HIDDEN, coordinator_other=HIDDEN, editor_other=HIDDEN)
# A handover dossier: the coordinators of the person's tables, the covering editor, administrators.
HANDOVER = profile(OK, anonymous=LOGIN, member=DENIED, coordinator_other=DENIED, editor_other=DENIED)
# A funding programme of a région: the territorial editors covering it and administrators.
PROGRAMME_EDITORS = profile(
    OK, anonymous=LOGIN, member=DENIED, coordinator_other=DENIED, coordinator=DENIED, editor_other=DENIED
)
# A practice note's draft: those who may edit it (its author, the coordinators of its tables, the editors
# of its territories, administrators); it does not exist for anyone else.
DRAFT_NOTE = profile(OK, anonymous=HIDDEN, member=HIDDEN, coordinator_other=HIDDEN, editor_other=HIDDEN)
# Something one user owns (an import): the user and administrators.
OWNER_ONLY = profile(DENIED, anonymous=LOGIN, editor=OK, admin=OK)
# An API key: only its owner finds it (for everyone else it does not exist); revoked by POST.
KEY_OWNER = profile(NOT_ALLOWED, anonymous=LOGIN)
KEY_OWNER_POST = profile(HIDDEN, anonymous=LOGIN, editor=AWAY)
# A step of the import wizard, with a token that is in nobody's session.
WIZARD_STEP = profile(HIDDEN, anonymous=LOGIN)
# A background job someone else asked for (or no one): it does not exist for anyone else.
OTHERS_JOB = profile(HIDDEN)
NO_JOB = "00000000-0000-4000-8000-000000000000"
# An address that answers a form's POST only.
POST_ONLY = profile(NOT_ALLOWED, anonymous=LOGIN)
# The suggestions of the forms' text boxes: not for anonymous visitors (a plain 403, they are fetched by
# the page); people's names only for those who may add people.
SUGGESTIONS = profile(OK, anonymous=DENIED)
PEOPLE_SUGGESTIONS = profile(OK, anonymous=DENIED, member=DENIED)
# The sign-in page sends those already signed in on to the site.
SIGN_IN = profile(AWAY, anonymous=OK)

# Minutes private to the members of a public table: its coordinator, the editor covering it and administrators
# read them; everyone else sees the table but is refused its minutes.
MINUTES_PRIVATE = profile(DENIED, coordinator=OK, editor=OK, admin=OK)

# API (GET with the browser's session; writes with the role's key and an empty body).
API_PUBLIC = PUBLIC
API_WRITE = profile(INVALID, anonymous=UNSIGNED)
# An API write with a body the schema accepts, on an object of the public or private concertation.
API_EDIT = profile(OK, anonymous=UNSIGNED, member=DENIED, coordinator_other=DENIED, editor_other=DENIED)
# The same on something those roles may not see (a private concertation, a person who did not consent):
# it does not exist for them.
API_EDIT_HIDDEN = profile(OK, anonymous=UNSIGNED, member=DENIED, coordinator_other=HIDDEN, editor_other=HIDDEN)
API_CREATE_HIDDEN = profile(CREATED, anonymous=UNSIGNED, member=DENIED, coordinator_other=HIDDEN, editor_other=HIDDEN)


# Rules ---------------------------------------------------------------------------------------------


class ids:
    """The address's arguments: each the name of an object of the world (its id, or a territory's
    `kind:code`), or a literal value when the world has no object of that name."""

    def __init__(self, **names: str) -> None:
        self.names = names

    def __call__(self, world: Any) -> dict[str, Any]:
        filled: dict[str, Any] = {}
        for name, value in self.names.items():
            obj = world.objects.get(value) if value != "territory" else world.territory
            if obj is None:
                filled[name] = value
            else:
                filled[name] = obj.public_id if name == "public_id" else obj.pk
        return filled


@dataclass(frozen=True)
class Rule:
    profile: Profile
    arguments: ids = field(default_factory=ids)
    post: bool = False  # also POST an empty body (a form refused, or re-shown with its errors)
    post_profile: Profile | None = None  # when the POST answers differently from the GET
    query: str = ""  # added to the address
    body: str = "{}"  # the JSON body of an API write
    note: str = ""


P = Rule


class seeded_term(ids):
    """A term of the glossary seeded by its migration (the MRC), not one of the world's objects."""

    def __init__(self) -> None:
        super().__init__()

    def __call__(self, world: Any) -> dict[str, Any]:
        from arrimage.glossary.models import Term

        return {"pk": Term.objects.get(acronym="MRC").pk}


RULES: dict[str, Rule] = {
    # Site ---------------------------------------------------------------------------------------
    "home": P(PUBLIC),
    "set_language": P(profile(AWAY)),
    "admin": P(profile(LOGIN, admin=OK), note="the admin site: its own sign-in page, superusers only"),
    # Territories --------------------------------------------------------------------------------
    "territories:search": P(PUBLIC),
    "territories:detail": P(PUBLIC, ids(public_id="territory")),
    # Registry: reading --------------------------------------------------------------------------
    "registry:concertation_list": P(PUBLIC),
    "registry:concertation_detail": P(PRIVATE_CONCERTATION, ids(pk="private")),
    "registry:organization_list": P(PUBLIC),
    "registry:organization_detail": P(PUBLIC, ids(pk="organization")),
    "registry:person_detail": P(PRIVATE_PERSON, ids(pk="citizen")),
    # Privacy (Law 25) ------------------------------------------------------------------------------
    "privacy": P(PUBLIC),
    "registry:person_consent": P(EDITORS_OF_OBJECT, ids(pk="citizen"), post=True),
    "registry:person_data_export": P(EDITORS_OF_OBJECT, ids(pk="citizen")),
    "registry:person_erase": P(ADMIN_ONLY, ids(pk="citizen"), post=True),
    # Registry: editing --------------------------------------------------------------------------
    "registry:concertation_create": P(EDITORS_AND_ADMIN, post=True),
    "registry:concertation_edit": P(EDITORS_OF_OBJECT, ids(pk="private"), post=True),
    "registry:seat_create": P(EDITORS_OF_OBJECT, ids(pk="private"), post=True),
    "registry:seat_edit": P(EDITORS_OF_OBJECT, ids(pk="private_seat"), post=True),
    "registry:seat_abolish": P(EDITORS_OF_OBJECT, ids(pk="private_seat"), post=True),
    "registry:membership_start": P(EDITORS_OF_OBJECT, ids(pk="private_seat"), post=True),
    "registry:membership_end": P(EDITORS_OF_OBJECT, ids(pk="private_membership"), post=True),
    "registry:membership_edit": P(EDITORS_OF_OBJECT, ids(pk="private_membership"), post=True),
    "registry:membership_replace": P(EDITORS_OF_OBJECT, ids(pk="private_membership"), post=True),
    "registry:organization_create": P(CREATORS, post=True),
    "registry:organization_edit": P(EDITORS_OF_OBJECT, ids(pk="organization"), post=True),
    "registry:person_create": P(CREATORS, post=True),
    "registry:person_edit": P(EDITORS_OF_OBJECT, ids(pk="citizen"), post=True),
    "registry:position_create": P(EDITORS_OF_OBJECT, ids(pk="citizen"), post=True),
    "registry:position_end": P(EDITORS_OF_OBJECT, ids(pk="position"), post=True),
    "registry:suggest_territories": P(SUGGESTIONS),
    "registry:suggest_organizations": P(SUGGESTIONS),
    "registry:suggest_people": P(PEOPLE_SUGGESTIONS),
    "registry:suggest_concertations": P(SUGGESTIONS),
    "registry:service_create": P(EDITORS_OF_OBJECT, ids(pk="organization"), post=True),
    "registry:service_edit": P(EDITORS_OF_OBJECT, ids(pk="service"), post=True),
    # Registry: exports --------------------------------------------------------------------------
    "registry:concertation_export": P(PUBLIC, ids(fmt="csv")),
    "registry:organization_export": P(PUBLIC, ids(fmt="xlsx")),
    "registry:concertation_seats_export": P(PRIVATE_CONCERTATION, ids(pk="private", fmt="csv")),
    # Registry: imports --------------------------------------------------------------------------
    "registry:import_list": P(SIGNED_IN),
    "registry:import_start": P(CREATORS),
    "registry:import_detail": P(OWNER_ONLY, ids(pk="import_run")),
    "registry:import_undo": P(OWNER_ONLY, ids(pk="import_run"), note="the form asks for confirmation", post=True),
    "registry:import_sheet": P(WIZARD_STEP, ids(token="0" * 32)),
    "registry:import_mapping": P(WIZARD_STEP, ids(token="0" * 32)),
    "registry:import_preview": P(WIZARD_STEP, ids(token="0" * 32)),
    "registry:import_progress": P(WIZARD_STEP, ids(token="0" * 32)),
    "registry:import_abandon": P(POST_ONLY, ids(token="0" * 32), post=True, post_profile=WIZARD_STEP),
    # Registry: territorial analysis -------------------------------------------------------------
    "registry:territory_analysis": P(PUBLIC, ids(public_id="territory")),
    "registry:overlap_mark": P(JUDGES, ids(first="public", second="private"), post=True),
    "registry:overlap_withdraw": P(JUDGES, ids(pk="decision"), post=True, post_profile=done(JUDGES)),
    "registry:territory_analysis_figure": P(PUBLIC, ids(public_id="territory", figure="lacunes", fmt="csv")),
    "registry:territory_analysis_chart": P(PUBLIC, ids(public_id="territory", chart="sollicitation")),
    "registry:concertation_demarches": P(PRIVATE_CONCERTATION, ids(pk="private")),
    # Plans --------------------------------------------------------------------------------------
    "registry:plan_list": P(PUBLIC),
    "registry:plan_create": P(CREATORS, post=True),
    "registry:plan_detail": P(PRIVATE_CONCERTATION, ids(pk="private_plan")),
    "registry:plan_edit": P(EDITORS_OF_OBJECT, ids(pk="private_plan"), post=True),
    "registry:plan_stage_change": P(EDITORS_OF_OBJECT, ids(pk="plan"), post=True),
    "registry:plan_document_add": P(EDITORS_OF_OBJECT, ids(pk="plan"), post=True),
    "registry:plan_document_remove": P(
        EDITORS_OF_OBJECT, ids(pk="document"), post=True, post_profile=done(EDITORS_OF_OBJECT)
    ),
    "registry:accompaniment_start": P(EDITORS_OF_OBJECT, ids(pk="plan"), post=True),
    "registry:accompaniment_end": P(EDITORS_OF_OBJECT, ids(pk="accompaniment"), post=True),
    "registry:objective_create": P(EDITORS_OF_OBJECT, ids(pk="private_plan"), post=True),
    "registry:objective_edit": P(EDITORS_OF_OBJECT, ids(pk="private_objective"), post=True),
    "registry:action_create": P(EDITORS_OF_OBJECT, ids(pk="objective"), post=True),
    "registry:action_edit": P(EDITORS_OF_OBJECT, ids(pk="private_action"), post=True),
    "registry:progress_record": P(EDITORS_OF_OBJECT, ids(pk="action"), post=True),
    "registry:progress_delete": P(
        EDITORS_OF_OBJECT, ids(pk="progress"), post=True, post_profile=done(EDITORS_OF_OBJECT)
    ),
    "registry:contribution_record": P(EDITORS_OF_OBJECT, ids(pk="action"), post=True),
    "registry:contribution_edit": P(EDITORS_OF_OBJECT, ids(pk="contribution"), post=True),
    "registry:territory_plans": P(PUBLIC, ids(public_id="territory")),
    "registry:territory_plans_figure": P(PUBLIC, ids(public_id="territory", figure="charge", fmt="xlsx")),
    # Funding programmes -------------------------------------------------------------------------
    "registry:programme_list": P(PUBLIC),
    "registry:programme_create": P(EDITORS_AND_ADMIN, post=True),
    "registry:programme_detail": P(PUBLIC, ids(pk="programme")),
    "registry:programme_edit": P(PROGRAMME_EDITORS, ids(pk="programme"), post=True),
    "registry:programme_delete": P(
        PROGRAMME_EDITORS, ids(pk="programme"), post=True, post_profile=done(PROGRAMME_EDITORS)
    ),
    "registry:deadline_add": P(PROGRAMME_EDITORS, ids(pk="programme"), post=True),
    "registry:deadline_remove": P(
        PROGRAMME_EDITORS, ids(pk="programme_deadline"), post=True, post_profile=done(PROGRAMME_EDITORS)
    ),
    "registry:deadline_calendar": P(PUBLIC),
    "registry:deadline_feed": P(PUBLIC),
    "registry:territory_programmes": P(PUBLIC, ids(public_id="territory")),
    # Plain-language check ----------------------------------------------------------------------
    "registry:plain_check": P(PUBLIC, post=True, note="nothing is stored; an empty text is refused on its field"),
    # Practice notes -----------------------------------------------------------------------------
    "registry:note_list": P(PUBLIC),
    "registry:note_create": P(SIGNED_IN, post=True),
    "registry:note_detail": P(DRAFT_NOTE, ids(pk="draft_note")),
    "registry:note_edit": P(EDITORS_OF_OBJECT, ids(pk="note"), post=True),
    "registry:note_publish": P(EDITORS_OF_OBJECT, ids(pk="note"), post=True, post_profile=done(EDITORS_OF_OBJECT)),
    "registry:note_delete": P(EDITORS_OF_OBJECT, ids(pk="note"), post=True, post_profile=done(EDITORS_OF_OBJECT)),
    # Meetings -----------------------------------------------------------------------------------
    "registry:meeting_list": P(PRIVATE_CONCERTATION, ids(pk="private")),
    "registry:meeting_create": P(EDITORS_OF_OBJECT, ids(pk="public"), post=True),
    "registry:meeting_detail": P(PRIVATE_CONCERTATION, ids(pk="private_meeting")),
    "registry:meeting_edit": P(EDITORS_OF_OBJECT, ids(pk="meeting"), post=True),
    "registry:meeting_attendance": P(EDITORS_OF_OBJECT, ids(pk="meeting"), post=True),
    "registry:meeting_minutes_edit": P(
        EDITORS_OF_OBJECT, ids(pk="meeting"), post=True, post_profile=done(EDITORS_OF_OBJECT)
    ),
    "registry:decision_create": P(EDITORS_OF_OBJECT, ids(pk="meeting"), post=True),
    "registry:follow_up_create": P(EDITORS_OF_OBJECT, ids(pk="meeting_decision"), post=True),
    "registry:follow_up_done": P(EDITORS_OF_OBJECT, ids(pk="follow_up"), post=True),
    "registry:meeting_agenda_from_follow_ups": P(
        EDITORS_OF_OBJECT, ids(pk="meeting"), post=True, post_profile=done(EDITORS_OF_OBJECT)
    ),
    # Changing and deleting: those who may edit the meeting. The world's meeting has decisions, so its
    # deletion is refused (422); a POST deleting the world's decision or follow-up is not sent (the other
    # rules use them), the services' tests and the pages' tests cover those.
    "registry:meeting_delete": P(EDITORS_OF_OBJECT, ids(pk="meeting"), post=True),
    "registry:decision_edit": P(EDITORS_OF_OBJECT, ids(pk="meeting_decision"), post=True),
    "registry:decision_delete": P(EDITORS_OF_OBJECT, ids(pk="meeting_decision")),
    "registry:follow_up_edit": P(EDITORS_OF_OBJECT, ids(pk="follow_up"), post=True),
    "registry:follow_up_delete": P(EDITORS_OF_OBJECT, ids(pk="follow_up")),
    # The cycle of the démarches --------------------------------------------------------------------
    # Recording a stage: those who may edit the démarche; a private one does not exist for those outside it.
    "registry:cycle_stage_enter": P(
        profile(OK, anonymous=LOGIN, member=DENIED, coordinator_other=HIDDEN, editor_other=HIDDEN),
        ids(pk="private"),
        post=True,
    ),
    "registry:cycle_note_edit": P(
        profile(OK, anonymous=LOGIN, member=DENIED, coordinator_other=HIDDEN, editor_other=HIDDEN),
        ids(pk="stage"),
        post=True,
    ),
    "registry:network_cycle": P(PRIVATE_CONCERTATION, ids(pk="private")),
    "registry:territory_cycle": P(PUBLIC, ids(public_id="territory")),
    # Reports ------------------------------------------------------------------------------------
    "jobs:detail": P(OTHERS_JOB, ids(pk=NO_JOB)),
    "jobs:status": P(OTHERS_JOB, ids(pk=NO_JOB)),
    "jobs:file": P(OTHERS_JOB, ids(pk=NO_JOB)),
    "reports:territory_portrait": P(PUBLIC, ids(public_id="territory")),
    "reports:territory_portrait_pdf": P(PUBLIC, ids(public_id="territory")),
    "reports:concertation_annual": P(PRIVATE_CONCERTATION, ids(pk="private")),
    "reports:concertation_annual_pdf": P(PRIVATE_CONCERTATION, ids(pk="private")),
    "reports:handover": P(HANDOVER, ids(pk="citizen")),
    "reports:handover_pdf": P(HANDOVER, ids(pk="citizen")),
    # Meetings: minutes and feed ---------------------------------------------------------------------
    "registry:meeting_minutes": P(MINUTES_PRIVATE, ids(pk="minutes_meeting")),
    "registry:meeting_minutes_pdf": P(PRIVATE_CONCERTATION, ids(pk="private_minutes_meeting")),
    "registry:concertation_meetings_ical": P(PRIVATE_CONCERTATION, ids(pk="private")),
    # Accounts -----------------------------------------------------------------------------------
    "accounts:profile": P(SIGNED_IN),
    "accounts:login": P(SIGN_IN),
    "accounts:logout": P(profile(NOT_ALLOWED), note="signs out on POST only"),
    "accounts:token_create": P(SIGNED_IN),
    "accounts:password_change": P(SIGNED_IN, post=True, post_profile=SIGNED_IN),
    "accounts:security_events": P(ADMIN_ONLY),
    "accounts:token_revoke": P(KEY_OWNER, ids(pk="token"), post=True, post_profile=KEY_OWNER_POST),
    "accounts:password_reset": P(PUBLIC),
    "accounts:password_reset_done": P(PUBLIC),
    "accounts:password_reset_confirm": P(PUBLIC, ids(uidb64="MQ", token="set-password")),
    "accounts:password_reset_complete": P(PUBLIC),
    # API ----------------------------------------------------------------------------------------
    "api-1:api-root": P(profile(HIDDEN), note="the API has no root document: see openapi.json"),
    "api-1:openapi-json": P(PUBLIC),
    "api-1:openapi-view": P(PUBLIC),
    "api-1:territory_list": P(API_PUBLIC),
    "api-1:territory_detail": P(API_PUBLIC, ids(public_id="territory")),
    "api-1:territory_geojson": P(API_PUBLIC, ids(public_id="territory")),
    "api-1:organization_list": P(API_PUBLIC),
    "api-1:organization_create": P(API_WRITE),
    "api-1:organization_detail": P(API_PUBLIC, ids(pk="organization")),
    "api-1:organization_update": P(API_EDIT, ids(pk="organization"), body='{"version": 1}'),
    "api-1:person_list": P(API_PUBLIC),
    "api-1:person_create": P(API_WRITE),
    "api-1:person_detail": P(PRIVATE_PERSON, ids(pk="citizen")),
    "api-1:person_update": P(API_EDIT_HIDDEN, ids(pk="citizen"), body='{"version": 1}'),
    "api-1:position_create": P(API_WRITE, ids(pk="citizen")),
    "api-1:position_end": P(API_EDIT_HIDDEN, ids(pk="position"), body='{"end": "2025-06-30"}'),
    "api-1:concertation_list": P(API_PUBLIC),
    "api-1:concertation_create": P(API_WRITE),
    "api-1:concertation_detail": P(PRIVATE_CONCERTATION, ids(pk="private")),
    "api-1:concertation_update": P(API_EDIT_HIDDEN, ids(pk="private"), body='{"version": 1}'),
    "api-1:concertation_seats": P(PRIVATE_CONCERTATION, ids(pk="private")),
    "api-1:seat_create": P(API_CREATE_HIDDEN, ids(pk="private"), body='{"label": "Siège ajouté"}'),
    "api-1:membership_list": P(API_PUBLIC),
    "api-1:membership_start": P(API_WRITE),
    "api-1:membership_end": P(API_EDIT_HIDDEN, ids(pk="private_membership"), body='{"end": "2025-06-30"}'),
    "api-1:membership_replace": P(API_WRITE, ids(pk="private_membership")),
    "api-1:theme_list": P(API_PUBLIC),
    "api-1:service_list": P(API_PUBLIC),
    "api-1:service_create": P(API_WRITE),
    "api-1:service_detail": P(API_PUBLIC, ids(pk="service")),
    "api-1:service_update": P(API_EDIT, ids(pk="service"), body='{"version": 1}'),
    "api-1:export_hsds": P(API_PUBLIC),
    "api-1:export_popolo": P(API_PUBLIC),
    "api-1:concertation_geojson": P(PRIVATE_CONCERTATION, ids(pk="private")),
    "api-1:analysis_landscape": P(API_PUBLIC, ids(public_id="territory")),
    "api-1:analysis_coverage": P(API_PUBLIC, ids(public_id="territory")),
    "api-1:analysis_overlaps": P(API_PUBLIC, ids(public_id="territory")),
    "api-1:analysis_load": P(API_PUBLIC, ids(public_id="territory")),
    "api-1:analysis_network": P(API_PUBLIC, ids(public_id="territory")),
    "api-1:analysis_turnover": P(API_PUBLIC, ids(public_id="territory")),
    "api-1:analysis_citizen_seats": P(API_PUBLIC, ids(public_id="territory")),
    "api-1:analysis_equity": P(API_PUBLIC, ids(public_id="territory")),
    "api-1:analysis_comparison": P(API_PUBLIC, ids(public_id="territory"), query="from=2021-01-01"),
    "api-1:concertation_demarches": P(PRIVATE_CONCERTATION, ids(pk="private")),
    "api-1:programme_list": P(API_PUBLIC),
    "api-1:programme_detail": P(API_PUBLIC, ids(pk="programme")),
    "api-1:plan_list": P(API_PUBLIC),
    "api-1:plan_detail": P(PRIVATE_CONCERTATION, ids(pk="private_plan")),
    "api-1:territory_planning": P(API_PUBLIC, ids(public_id="territory")),
    "api-1:plain_language_check": P(API_WRITE, note="nothing is stored, but a key is needed like any POST"),
    # Glossary ---------------------------------------------------------------------------------------
    "registry:term_list": P(PUBLIC),
    "registry:term_detail": P(PUBLIC, seeded_term()),
    "registry:term_propose": P(CREATORS, post=True),
    "registry:term_edit": P(EDITORS_AND_ADMIN, seeded_term(), post=True),
    "registry:term_queue": P(EDITORS_AND_ADMIN),
    "registry:term_approve": P(
        POST_ONLY,
        seeded_term(),
        post=True,
        post_profile=profile(DENIED, anonymous=LOGIN, editor=AWAY, editor_other=AWAY, admin=AWAY),
        note="the seeded term is already approved: reviewers are sent back to the queue with a message",
    ),
    "registry:term_refuse": P(
        POST_ONLY,
        seeded_term(),
        post=True,
        post_profile=profile(DENIED, anonymous=LOGIN, editor=AWAY, editor_other=AWAY, admin=AWAY),
        note="a refusal needs a reason: reviewers are sent back to the queue with a message",
    ),
    "api-1:term_list": P(API_PUBLIC),
    "api-1:term_detail": P(API_PUBLIC, seeded_term()),
    "api-1:practice_note_list": P(API_PUBLIC),
    "api-1:practice_note_detail": P(profile(HIDDEN), ids(pk="draft_note"), note="drafts are never served"),
}
