"""Changing and deleting a meeting's decisions and follow-ups, and the meeting itself; the plan action of a
follow-up; a replaced seat's substitute chosen in the registry. Only those who may edit the meeting do it,
and bad input is refused on its field (in French, the site's language)."""

# The fixtures are shared with the module of the same pages (imported, then named as parameters).
# ruff: noqa: F401, F811

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from arrimage.meetings import services
from arrimage.meetings.models import AgendaItem, Attendance, Decision, FollowUp, Meeting
from tests.factories import ActionFactory, PersonFactory, UserFactory

from .test_views_meetings import DAY, world

pytestmark = pytest.mark.django_db


def _urls(world: dict[str, Any]) -> list[str]:
    meeting, decision, follow_up = world["meeting"], world["decision"], world["follow_up"]
    return [
        reverse("registry:meeting_delete", args=[meeting.pk]),
        reverse("registry:decision_edit", args=[decision.pk]),
        reverse("registry:decision_delete", args=[decision.pk]),
        reverse("registry:follow_up_edit", args=[follow_up.pk]),
        reverse("registry:follow_up_delete", args=[follow_up.pk]),
    ]


def test_a_visitor_and_a_non_member_may_not_change_or_delete(client: Any, world: dict[str, Any]) -> None:
    urls = _urls(world)
    for url in urls:
        response = client.post(url)
        assert response.status_code == 302 and "/compte/connexion/" in response["Location"], url
    client.force_login(UserFactory.create())
    for url in urls:
        assert client.get(url).status_code == 403, url
        assert client.post(url).status_code == 403, url
    assert Meeting.objects.count() == Decision.objects.count() == FollowUp.objects.count() == 1


def test_the_meeting_page_links_the_changes_for_its_editors(client: Any, world: dict[str, Any]) -> None:
    html = client.get(world["meeting"].get_absolute_url()).content.decode()
    assert not any(url in html for url in _urls(world))
    client.force_login(world["coordinator"])
    html = client.get(world["meeting"].get_absolute_url()).content.decode()
    assert all(url in html for url in _urls(world))


def test_a_decision_is_changed_and_bad_counts_are_refused_in_french(client: Any, world: dict[str, Any]) -> None:
    client.force_login(world["coordinator"])
    url = reverse("registry:decision_edit", args=[world["decision"].pk])
    assert "Tenir une fête de quartier." in client.get(url).content.decode()
    response = client.post(url, {"text": "Adopter.", "method": "consensus", "votes_for": "2"})
    assert response.status_code == 422
    assert "consensus n’a pas de décompte" in " ".join(response.context["form"].errors["votes_for"])
    response = client.post(url, {"text": "Tenir une fête au parc.", "method": "vote", "votes_for": "2"})
    assert response.status_code == 302 and response["Location"] == world["meeting"].get_absolute_url()
    decision = Decision.objects.get()
    assert (decision.text, decision.method, decision.votes_for) == ("Tenir une fête au parc.", "vote", 2)


def test_a_decision_with_a_done_follow_up_is_not_deleted(client: Any, world: dict[str, Any]) -> None:
    client.force_login(world["coordinator"])
    url = reverse("registry:decision_delete", args=[world["decision"].pk])
    assert client.get(url).status_code == 200
    services.follow_up_done(follow_up=world["follow_up"], done_on=DAY, acting_user=world["coordinator"])
    response = client.post(url)
    assert response.status_code == 422 and response.context["form"].non_field_errors()
    assert Decision.objects.count() == 1


def test_a_decision_is_deleted_with_its_open_follow_ups(client: Any, world: dict[str, Any]) -> None:
    client.force_login(world["coordinator"])
    response = client.post(reverse("registry:decision_delete", args=[world["decision"].pk]))
    assert response.status_code == 302
    assert not Decision.objects.exists() and not FollowUp.objects.exists()


def test_a_follow_up_names_only_an_action_of_the_host_plans(client: Any, world: dict[str, Any]) -> None:
    client.force_login(world["coordinator"])
    own = ActionFactory.create(objective__plan__owner_concertation=world["table"], title="Animer le parc")
    other = ActionFactory.create(title="Action d’ailleurs")
    url = reverse("registry:follow_up_edit", args=[world["follow_up"].pk])
    html = client.get(url).content.decode()
    assert "Animer le parc" in html and "Action d’ailleurs" not in html
    data = {
        "version": "1",
        "organization": f"Maison des familles [{world['organization'].pk}]",
        "task": "Réserver le parc et la scène",
        "due_on": "2024-03-01",
        "action": str(other.pk),
    }
    response = client.post(url, data)
    assert response.status_code == 422
    assert response.context["form"].errors["action"]  # not among the choices
    response = client.post(url, {**data, "action": str(own.pk)})
    assert response.status_code == 422
    assert "ne peut pas précéder la rencontre" in " ".join(response.context["form"].errors["due_on"])
    response = client.post(url, {**data, "action": str(own.pk), "due_on": "2024-04-15"})
    assert response.status_code == 302
    follow_up = FollowUp.objects.get()
    assert (follow_up.task, follow_up.action, follow_up.person, follow_up.version) == (
        "Réserver le parc et la scène", own, None, 2,
    )  # fmt: skip
    # A second save from the same start is refused: someone saved in between.
    response = client.post(url, {**data, "action": "", "due_on": "2024-04-15"})
    assert response.status_code == 422
    # The creation form offers the same actions.
    html = client.get(reverse("registry:follow_up_create", args=[world["decision"].pk])).content.decode()
    assert "Animer le parc" in html and "Action d’ailleurs" not in html


def test_a_follow_up_is_deleted(client: Any, world: dict[str, Any]) -> None:
    client.force_login(world["coordinator"])
    url = reverse("registry:follow_up_delete", args=[world["follow_up"].pk])
    assert "Réserver le parc" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not FollowUp.objects.exists() and Decision.objects.count() == 1


def test_a_meeting_is_deleted_once_its_decisions_are(client: Any, world: dict[str, Any]) -> None:
    client.force_login(world["coordinator"])
    meeting = world["meeting"]
    url = reverse("registry:meeting_delete", args=[meeting.pk])
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 422 and response.context["form"].non_field_errors()
    assert Meeting.objects.count() == 1
    services.decision_delete(decision=world["decision"], acting_user=world["coordinator"])
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:meeting_list", args=[world["table"].pk])
    assert not Meeting.objects.exists() and not AgendaItem.objects.exists() and not Attendance.objects.exists()


def test_a_replaced_seat_names_a_person_of_the_registry(client: Any, world: dict[str, Any]) -> None:
    client.force_login(world["coordinator"])
    meeting = world["meeting"]
    substitute = PersonFactory.create(given_name="Camille", family_name="Remplaçante")
    url = reverse("registry:meeting_attendance", args=[meeting.pk])
    rows = list(meeting.attendances.order_by("seat_id"))
    replaced = rows[0]
    data = {f"seat_{row.seat_id}": "present" for row in rows}
    data[f"seat_{replaced.seat_id}"] = "replaced"
    data[f"substitute_person_{replaced.seat_id}"] = f"Camille Remplaçante [{substitute.pk}]"
    data[f"substitute_{replaced.seat_id}"] = "Quelqu’un d’autre"
    response = client.post(url, data)
    assert response.status_code == 422  # a person or a name, not both
    assert response.context["form"].errors[f"substitute_{replaced.seat_id}"]
    del data[f"substitute_{replaced.seat_id}"]
    assert client.post(url, data).status_code == 302
    replaced.refresh_from_db()
    assert (replaced.substitute, replaced.substitute_name) == (substitute, "")
    # A person unknown to the registry is refused on the field; a typed name still works.
    data[f"substitute_person_{replaced.seat_id}"] = "Personne Inconnue"
    response = client.post(url, data)
    assert response.status_code == 422
    assert "Personne Inconnue" in " ".join(response.context["form"].errors[f"substitute_person_{replaced.seat_id}"])
    del data[f"substitute_person_{replaced.seat_id}"]
    data[f"substitute_{replaced.seat_id}"] = "Dominique Tremblay"
    assert client.post(url, data).status_code == 302
    replaced.refresh_from_db()
    assert (replaced.substitute, replaced.substitute_name) == (None, "Dominique Tremblay")
    # The form shows who came instead, ready to change.
    assert "Dominique Tremblay" in client.get(url).content.decode()
