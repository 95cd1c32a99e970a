"""The project's factories, with the acronym their search key reads given a default (empty)."""

from typing import Any

import factory

from tests import factories
from tests.factories import theme

__all__ = [
    "ConcertationFactory",
    "MembershipFactory",
    "OrganizationFactory",
    "PersonFactory",
    "PositionFactory",
    "RoleGrantFactory",
    "SeatFactory",
    "UserFactory",
    "theme",
]


class _OrganizationFactory(factories.OrganizationFactory):
    acronym = ""


class _ConcertationFactory(factories.ConcertationFactory):
    acronym = ""


class _SeatFactory(factories.SeatFactory):
    concertation = factory.SubFactory(_ConcertationFactory)


class _MembershipFactory(factories.MembershipFactory):
    seat = factory.SubFactory(_SeatFactory)
    organization = factory.SubFactory(_OrganizationFactory)


class _PositionFactory(factories.PositionFactory):
    organization = factory.SubFactory(_OrganizationFactory)


# Typed loosely: a factory call returns a model instance, which the type checker cannot tell.
OrganizationFactory: Any = _OrganizationFactory
ConcertationFactory: Any = _ConcertationFactory
SeatFactory: Any = _SeatFactory
MembershipFactory: Any = _MembershipFactory
PositionFactory: Any = _PositionFactory
PersonFactory: Any = factories.PersonFactory
UserFactory: Any = factories.UserFactory
RoleGrantFactory: Any = factories.RoleGrantFactory
