"""Factories for the registry's models, for every test module. They write through the model layer, not the
services: tests of a service build their surroundings quickly and call the service under test themselves."""

import datetime as dt

import factory

from arrimage.access.models import RoleGrant, RoleKind
from arrimage.accounts.models import ApiToken, User
from arrimage.actors.models import Organization, Person, Position, Sector
from arrimage.concertation.models import Concertation, ConcertationKind, Level, Membership, Seat, Theme
from arrimage.core.search import search_stems
from arrimage.core.text import search_key
from arrimage.plans.models import (
    Accompaniment,
    Action,
    Contribution,
    ContributionKind,
    Objective,
    Plan,
    PlanKind,
    PlanStage,
    ProgressUpdate,
    StageChange,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Tremblay{n}")
    password = factory.PostGenerationMethodCall("set_password", "un mot de passe solide 2026")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            User.save(obj)  # type: ignore[arg-type]


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organisme communautaire numéro {n}")
    acronym = ""
    sector = Sector.COMMUNITY
    search_key = factory.LazyAttribute(lambda o: search_key(f"{o.name} {o.acronym}"))
    search_stems = factory.LazyAttribute(lambda o: search_stems(f"{o.name} {o.acronym}"))


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    given_name = "Alex"
    family_name = factory.Sequence(lambda n: f"Gagnon{n}")
    email = factory.LazyAttribute(lambda p: f"{p.family_name.lower()}@example.org")
    search_key = factory.LazyAttribute(lambda p: search_key(f"{p.given_name} {p.family_name}"))
    search_stems = factory.LazyAttribute(lambda p: search_stems(f"{p.given_name} {p.family_name}"))


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    person = factory.SubFactory(PersonFactory)
    organization = factory.SubFactory(OrganizationFactory)
    job_title = "Organisatrice communautaire"
    profession = "community_organiser"
    start_date = dt.date(2020, 1, 1)


class ConcertationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Concertation

    name = factory.Sequence(lambda n: f"Table de concertation {n}")
    acronym = ""
    kind = ConcertationKind.TABLE
    level = Level.LOCAL
    mission = "Améliorer les conditions de vie des familles du quartier."
    search_key = factory.LazyAttribute(lambda c: search_key(f"{c.name} {c.acronym}"))
    search_stems = factory.LazyAttribute(lambda c: search_stems(f"{c.name} {c.acronym}"))


class SeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seat

    concertation = factory.SubFactory(ConcertationFactory)
    label = factory.Sequence(lambda n: f"Siège {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    seat = factory.SubFactory(SeatFactory)
    person = factory.SubFactory(PersonFactory)
    organization = factory.SubFactory(OrganizationFactory)
    start_date = dt.date(2020, 1, 1)


class RoleGrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleGrant

    user = factory.SubFactory(UserFactory)
    role = RoleKind.COORDINATOR


class PlanFactory(factory.django.DjangoModelFactory):
    """A plan owned by a concertation (give `owner_territory` for a municipality's or an MRC's plan). Its
    stage is set directly: use `StageChangeFactory` or the services when the stage history matters."""

    class Meta:
        model = Plan

    name = factory.Sequence(lambda n: f"Plan d'action concerté {n}")
    kind = PlanKind.CONCERTED_ACTION
    owner_concertation = factory.SubFactory(ConcertationFactory)
    start_date = dt.date(2024, 1, 1)
    end_date = dt.date(2027, 12, 31)
    stage = PlanStage.DRAFTING
    stage_since = dt.date(2024, 1, 1)


class StageChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StageChange

    plan = factory.SubFactory(PlanFactory)
    stage = PlanStage.DRAFTING
    on = dt.date(2024, 1, 1)


class AccompanimentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Accompaniment

    plan = factory.SubFactory(PlanFactory)
    organization = factory.SubFactory(OrganizationFactory)
    stage = PlanStage.IMPLEMENTATION
    start_date = dt.date(2024, 1, 1)


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    plan = factory.SubFactory(PlanFactory)
    title = factory.Sequence(lambda n: f"Objectif {n}")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    objective = factory.SubFactory(ObjectiveFactory)
    title = factory.Sequence(lambda n: f"Action {n}")
    start_date = dt.date(2024, 1, 1)


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    action = factory.SubFactory(ActionFactory)
    on = dt.date(2024, 6, 1)
    percent = 50
    text = "Les rencontres ont eu lieu."


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    action = factory.SubFactory(ActionFactory)
    organization = factory.SubFactory(OrganizationFactory)
    kind = ContributionKind.MONEY
    committed = 5000


def theme(slug: str) -> Theme:
    return Theme.objects.get(slug=slug)


def api_key(user: User, name: str = "Clé de test") -> str:
    """A new API key of `user`, to send in the Authorization header; only its digest is stored."""
    key, digest, hint = ApiToken.new_key()
    ApiToken.objects.create(user=user, name=name, key_digest=digest, key_hint=hint)
    return key
