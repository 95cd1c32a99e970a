import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from arrimage.analysis.inputs import ConcertationInfo, HoldingInfo, SeatInfo, Snapshot, TerritoryInfo
from arrimage.analysis.participation import citizen_seats

ON = dt.date(2025, 6, 1)


def snapshot(seats, holdings) -> Snapshot:
    return Snapshot(
        territory=TerritoryInfo(1, "mrc", "MRC"),
        on=ON,
        concertations=[
            ConcertationInfo(1, "Table A", "table", "local"),
            ConcertationInfo(2, "Table B", "table", "local"),
        ],
        seats=seats,
        holdings=holdings,
    )


def test_reserved_filled_and_vacant_since():
    s = snapshot(
        [
            SeatInfo(10, 1, "citizen"),
            SeatInfo(11, 1, "lived_experience", created_on=dt.date(2024, 3, 1)),
            SeatInfo(12, 1, "citizen"),
            SeatInfo(13, 1, "organisational"),
            SeatInfo(14, 1, "citizen", abolished_on=dt.date(2025, 1, 1)),
        ],
        [
            HoldingInfo(1, 10, 1, 5, None, dt.date(2024, 1, 1), None),
            HoldingInfo(2, 12, 1, 6, None, dt.date(2022, 1, 1), dt.date(2023, 4, 30)),
            HoldingInfo(3, 12, 1, 7, None, dt.date(2023, 5, 1), dt.date(2024, 9, 15)),
        ],
    )
    result = citizen_seats(s)
    assert result.reserved == 3 and result.filled == 1
    assert {(v.seat_id, v.since) for v in result.vacant} == {(11, dt.date(2024, 3, 1)), (12, dt.date(2024, 9, 16))}
    assert result.without_citizen_seat == (2,)
    assert [c.concertation_id for c in result.concertations] == [1]


@given(
    st.lists(
        st.tuples(st.sampled_from([1, 2]), st.sampled_from(["citizen", "lived_experience", "elected"]), st.booleans()),
        max_size=12,
    )
)
def test_filled_plus_vacant_equals_reserved(rows):
    seats = [SeatInfo(i, c, kind) for i, (c, kind, _held) in enumerate(rows)]
    holdings = [HoldingInfo(i, i, c, i, None, None, None) for i, (c, _kind, held) in enumerate(rows) if held]
    result = citizen_seats(snapshot(seats, holdings))
    assert result.reserved == sum(1 for _c, kind, _h in rows if kind != "elected")
    assert result.filled + len(result.vacant) == result.reserved
    for row in result.concertations:
        assert row.filled + len(row.vacant) == row.reserved
