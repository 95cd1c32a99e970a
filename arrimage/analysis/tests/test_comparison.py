import dataclasses
import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from arrimage.analysis.comparison import compare
from arrimage.analysis.inputs import ConcertationInfo, HoldingInfo, SeatInfo, Snapshot, TerritoryInfo

BEFORE, AFTER = dt.date(2023, 1, 1), dt.date(2025, 1, 1)


def history() -> Snapshot:
    return Snapshot(
        territory=TerritoryInfo(1, "mrc", "MRC"),
        on=BEFORE,
        concertations=[
            ConcertationInfo(1, "Ancienne", "table", "local", end=dt.date(2024, 6, 30)),
            ConcertationInfo(2, "Durable", "table", "local"),
            ConcertationInfo(3, "Nouvelle", "table", "local", start=dt.date(2024, 1, 1)),
        ],
        seats=[
            SeatInfo(10, 1, "citizen"),
            SeatInfo(20, 2, "organisational"),
            SeatInfo(21, 2, "citizen", abolished_on=dt.date(2024, 1, 1)),
            SeatInfo(22, 2, "citizen", created_on=dt.date(2024, 1, 1)),
            SeatInfo(23, 2, "organisational"),
            SeatInfo(30, 3, "organisational", created_on=dt.date(2024, 1, 1)),
        ],
        holdings=[
            HoldingInfo(1, 20, 2, 7, 70, dt.date(2020, 1, 1), dt.date(2023, 12, 31)),
            HoldingInfo(2, 20, 2, 8, 70, dt.date(2024, 1, 1), None),
            HoldingInfo(3, 23, 2, 9, 90, dt.date(2020, 1, 1), None),
        ],
    )


def test_changes_between_two_dates():
    s = history()
    result = compare(s, dataclasses.replace(s, on=AFTER))
    assert result.new_concertations == (3,) and result.ended_concertations == (1,)
    assert result.new_seats == (22, 30) and result.abolished_seats == (10, 21)
    assert [(c.seat_id, c.before, c.after) for c in result.holder_changes] == [
        (20, frozenset({(7, 70)}), frozenset({(8, 70)}))
    ]


def test_counts_on_each_date():
    s = history()
    result = compare(s, dataclasses.replace(s, on=AFTER))
    assert (result.concertations_before, result.concertations_after) == (2, 2)
    assert (result.seats_before, result.seats_after) == (4, 4)  # 10, 20, 21, 23 then 20, 22, 23, 30
    assert not result.unchanged


def test_a_vacancy_is_a_holder_change():
    s = history()
    # Seat 23's holder leaves at the end of 2024: on the second date the seat is empty.
    s.holdings[2] = dataclasses.replace(s.holdings[2], end=dt.date(2024, 12, 31))
    result = compare(s, dataclasses.replace(s, on=AFTER))
    assert (23, frozenset({(9, 90)}), frozenset()) in [(c.seat_id, c.before, c.after) for c in result.holder_changes]


def test_the_same_date_changes_nothing():
    s = history()
    result = compare(s, s)
    assert result.unchanged
    assert result.concertations_before == result.concertations_after


@given(st.dates(dt.date(2019, 1, 1), dt.date(2026, 1, 1)), st.dates(dt.date(2019, 1, 1), dt.date(2026, 1, 1)))
def test_comparing_backwards_swaps_the_changes(a, b):
    s = history()
    forward = compare(dataclasses.replace(s, on=a), dataclasses.replace(s, on=b))
    backward = compare(dataclasses.replace(s, on=b), dataclasses.replace(s, on=a))
    assert forward.new_concertations == backward.ended_concertations
    assert forward.new_seats == backward.abolished_seats
    assert {c.seat_id for c in forward.holder_changes} == {c.seat_id for c in backward.holder_changes}
    assert (forward.concertations_before, forward.seats_before) == (backward.concertations_after, backward.seats_after)
    assert forward.concertations_after - forward.concertations_before == len(forward.new_concertations) - len(
        forward.ended_concertations
    )
    assert forward.seats_after - forward.seats_before == len(forward.new_seats) - len(forward.abolished_seats)
    if a == b:
        assert not (forward.new_seats or forward.abolished_seats or forward.holder_changes)
