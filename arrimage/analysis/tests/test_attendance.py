import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from arrimage.analysis.attendance import (
    NEVER_MINIMUM,
    AttendanceInfo,
    Tally,
    counted,
    meetings_attended,
    participation,
    seats_and_meetings,
    window_start,
)
from arrimage.analysis.load import Load, SeatCount

ON = dt.date(2026, 6, 30)
STATUSES = ["invited", "present", "excused", "absent", "replaced"]


def row(meeting, seat, status, *, day=None, seat_type="organisational", organization=None, person=None, concertation=1):
    return AttendanceInfo(
        meeting_id=meeting,
        day=day or dt.date(2026, 1, 1) + dt.timedelta(days=meeting),
        concertation_id=concertation,
        seat_id=seat,
        seat_type=seat_type,
        status=status,
        organization_id=organization,
        person_id=person,
    )


def known_rows():
    rows = []
    for meeting in range(1, 5):  # four meetings
        rows.append(row(meeting, 1, "present", organization=100))  # always there
        rows.append(row(meeting, 2, "absent", organization=101))  # never there
        rows.append(row(meeting, 3, "replaced" if meeting % 2 else "excused", organization=100))
        rows.append(row(meeting, 4, "present" if meeting == 1 else "absent", seat_type="citizen", person=7))
    rows.append(row(5, 1, "invited", organization=100))  # attendance not taken: not counted
    rows.append(row(6, 1, "present", organization=100, day=dt.date(2025, 6, 30)))  # a year and a day ago
    return rows


def test_twelve_months_end_on_the_day_and_start_the_day_after_a_year_before():
    assert window_start(ON) == dt.date(2025, 7, 1)
    assert window_start(dt.date(2028, 2, 29)) == dt.date(2027, 3, 1)
    kept = counted(known_rows(), on=ON)
    assert {r.meeting_id for r in kept} == {1, 2, 3, 4}


def test_rates_per_seat_lowest_first():
    result = participation(known_rows(), on=ON, citizens_by_seat=True)
    assert [(s.seat_id, s.tally.invited, s.tally.attended) for s in result.seats] == [
        (2, 4, 0),
        (4, 4, 1),
        (3, 4, 2),
        (1, 4, 4),
    ]
    assert result.meetings == 4
    assert result.overall == Tally(16, 7)
    assert result.seats[2].tally.percent == 50


def test_an_organisation_with_two_seats_at_one_meeting_counts_the_meeting_once():
    result = participation(known_rows(), on=ON)
    by_id = {o.organization_id: o.tally for o in result.organizations}
    assert by_id == {100: Tally(4, 4), 101: Tally(4, 0)}
    assert [o.organization_id for o in result.organizations] == [101, 100]


def test_seats_invited_three_times_or_more_that_never_came():
    assert participation(known_rows(), on=ON).never_attended == (2,)
    two = [row(m, 9, "absent") for m in range(1, NEVER_MINIMUM)]
    assert participation(two, on=ON).never_attended == ()


def test_citizen_seats_are_only_counted_unless_shown_seat_by_seat():
    hidden = participation(known_rows(), on=ON)
    assert 4 not in {s.seat_id for s in hidden.seats}
    assert hidden.citizens == Tally(4, 1) and hidden.citizen_seats == 1
    assert hidden.overall == Tally(16, 7)  # still in the totals
    never = [row(m, 4, "absent", seat_type="lived_experience") for m in range(1, 5)]
    assert participation(never, on=ON).never_attended == ()
    assert participation(never, on=ON, citizens_by_seat=True).never_attended == (4,)


def test_no_invitation_has_no_rate():
    result = participation([], on=ON)
    assert result.overall.rate is None and result.citizens.percent is None
    assert result.seats == () and result.meetings == 0


def test_meetings_attended_are_distinct_and_leave_out_citizen_seats_and_other_bodies():
    rows = [
        row(1, 1, "present", organization=100, person=5),
        row(1, 2, "present", organization=100, person=5),  # the same meeting, another seat
        row(2, 1, "replaced", organization=100, person=5),
        row(3, 1, "absent", organization=100, person=5),
        row(4, 3, "present", person=6, seat_type="citizen"),
        row(5, 1, "present", organization=100, concertation=2),  # a body not shown
    ]
    organizations, people = meetings_attended(rows, on=ON, concertation_ids=frozenset({1}))
    assert organizations == {100: 2}
    assert people == {5: 2}


def test_seats_and_meetings_follow_the_load():
    load = Load(
        people=(SeatCount(5, 2, (1,)), SeatCount(6, 1, (1,))),
        organizations=(SeatCount(100, 3, (1,)), SeatCount(101, 1, (1,))),
        municipalities=(),
    )
    rows = [row(1, 1, "present", organization=100, person=5)]
    result = seats_and_meetings(load, rows, on=ON, concertation_ids=frozenset({1}), top=1)
    assert [(c.id, c.seats, c.meetings) for c in result.organizations] == [(100, 3, 1)]
    assert [(c.id, c.seats, c.meetings) for c in result.people] == [(5, 2, 1)]
    everyone = seats_and_meetings(load, rows, on=ON, concertation_ids=frozenset({1}))
    assert [c.meetings for c in everyone.people] == [1, 0]


rows_strategy = st.lists(
    st.builds(
        row,
        meeting=st.integers(1, 8),
        seat=st.integers(1, 6),
        status=st.sampled_from(STATUSES),
        day=st.dates(dt.date(2025, 1, 1), dt.date(2026, 12, 31)),
        seat_type=st.sampled_from(["organisational", "citizen", "elected"]),
        organization=st.none() | st.integers(100, 103),
    ),
    max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(rows_strategy, st.booleans())
def test_rates_stay_between_zero_and_one_and_add_up(rows, by_seat):
    result = participation(rows, on=ON, citizens_by_seat=by_seat)
    kept = counted(rows, on=ON)
    assert result.overall.invited == len(kept)
    assert result.overall.attended <= result.overall.invited
    tallies = [s.tally for s in result.seats] + [o.tally for o in result.organizations]
    tallies += [result.overall, result.citizens]
    for tally in tallies:
        assert 0 <= tally.attended <= tally.invited
        assert tally.rate is None or 0.0 <= tally.rate <= 1.0
    shown = sum(s.tally.invited for s in result.seats)
    assert shown + (0 if by_seat else result.citizens.invited) == result.overall.invited
    if not by_seat:
        assert all(s.seat_type not in {"citizen", "lived_experience"} for s in result.seats)
    rates = [s.tally.rate for s in result.seats]
    assert rates == sorted(rates, key=lambda r: 1.0 if r is None else r)
