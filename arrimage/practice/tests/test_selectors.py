import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from arrimage.practice import selectors
from arrimage.practice.models import PracticeNote
from arrimage.territories.models import Territory
from tests.factories import ConcertationFactory, OrganizationFactory, PlanFactory, UserFactory, theme

from .helpers import write_note

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    region = Territory.objects.get(kind="region", code="03")
    municipality = Territory.objects.filter(kind="municipality", parent__parent=region).order_by("code").first()
    elsewhere = Territory.objects.get(kind="region", code="12")
    return region, municipality, elsewhere


def _grow(author, places, count: int, *, table, plan):
    _region, municipality, _elsewhere = places
    for n in range(count):
        write_note(
            author,
            title=f"Fiche {n}",
            organization=OrganizationFactory.create(),
            territories=[municipality],
            themes=[theme("famille"), theme("logement")],
            concertations=[table],
            plans=[plan],
        )


def _count(call) -> int:
    """The queries of `call`, its result read (a queryset evaluated, with what it prefetches)."""
    with CaptureQueriesContext(connection) as captured:
        result = call()
        if not isinstance(result, PracticeNote):
            list(result)
    return len(captured)


def test_query_counts_do_not_grow_with_the_number_of_notes(places):
    author = UserFactory.create()
    table, plan = ConcertationFactory.create(), PlanFactory.create()
    region, municipality, _ = places
    base = PracticeNote.objects.all()

    def counts() -> list[int]:
        note = PracticeNote.objects.first()
        assert note is not None
        filters = selectors.NoteFilters(query="fiche", territory=region, concertation=table, plan=plan)
        return [
            _count(lambda: selectors.note_get(note.pk)),
            _count(lambda: selectors.note_list(filters)),
            _count(lambda: selectors.notes_for_concertation(table, base=base)),
            _count(lambda: selectors.notes_for_plan(plan, base=base)),
            _count(lambda: selectors.notes_for_territory(municipality, base=base)),
            _count(
                lambda: selectors.notes_for_handover(
                    concertation_ids=[table.pk], plan_ids=[plan.pk], author_id=author.pk, base=base
                )
            ),
        ]

    _grow(author, places, 2, table=table, plan=plan)
    small = counts()
    _grow(author, places, 6, table=table, plan=plan)
    assert counts() == small
    assert small[0] == 5  # the note, its territories, themes, concertations and plans
    assert small[2] == small[3] == 1  # one query for the notes of a related page


def test_note_get_unknown_is_404():
    with pytest.raises(Http404):
        selectors.note_get(999_999)


def test_filters(places):
    region, municipality, elsewhere = places
    author = UserFactory.create()
    table, other_table, plan = ConcertationFactory.create(), ConcertationFactory.create(), PlanFactory.create()
    here = write_note(author, title="Ici", territories=[municipality], themes=[theme("famille")], concertations=[table])
    there = write_note(author, title="Là-bas", territories=[elsewhere], concertations=[other_table], plans=[plan])

    def found(**filters) -> set[int]:
        return {note.pk for note in selectors.note_list(selectors.NoteFilters(**filters))}

    # A région includes the notes of the municipalities within it.
    assert found(territory=region) == {here.pk}
    assert found(territory=elsewhere) == {there.pk}
    assert found(theme=theme("famille")) == {here.pk}
    assert found(concertation=other_table) == {there.pk}
    assert found(plan=plan) == {there.pk}
    assert found() == {here.pk, there.pk}
    base = PracticeNote.objects.all()
    assert [n.pk for n in selectors.notes_for_territory(region, base=base)] == [here.pk]
    assert [n.pk for n in selectors.notes_for_concertation(table, base=base)] == [here.pk]
    handover = selectors.notes_for_handover(concertation_ids=[], plan_ids=[plan.pk], author_id=None, base=base)
    assert [n.pk for n in handover] == [there.pk]
    everything = selectors.notes_for_handover(concertation_ids=[], plan_ids=[], author_id=author.pk, base=base)
    assert {n.pk for n in everything} == {here.pk, there.pk}
