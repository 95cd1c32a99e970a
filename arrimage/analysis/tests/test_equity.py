from hypothesis import given

from arrimage.analysis.equity import equity
from arrimage.analysis.inputs import SeatInfo
from arrimage.analysis.tests.test_coverage import mrc_snapshot, snapshots


def test_rates_per_thousand_by_class():
    s = mrc_snapshot()
    s.seats = [SeatInfo(1, 1, "organisational"), SeatInfo(2, 1, "citizen"), SeatInfo(3, 2, "organisational")]
    result = equity(s)
    assert [r.key for r in result.by_urbanity] == ["urban", "periurban", "rural"]
    urban, _periurban, rural = result.by_urbanity
    assert (urban.population, urban.concertations, urban.seats) == (25000, 2, 3)
    assert urban.seats_per_1000 == 3 / 25
    assert (rural.municipalities, rural.concertations, rural.seats) == (1, 1, 1)
    assert rural.concertations_per_1000 == 1000 / 600
    assert [r.key for r in result.by_typology] == ["4", "6"]
    assert result.by_typology[0].population == 28000


@given(snapshots())
def test_every_municipality_is_counted_once_per_breakdown(s):
    result = equity(s)
    for rows in (result.by_urbanity, result.by_typology):
        assert sum(r.municipalities for r in rows) == len(s.municipalities)
        assert sum(r.population for r in rows) == sum(m.population for m in s.municipalities)
        assert all(r.concertations <= len(s.concertations) for r in rows)
        assert all(r.population or r.seats_per_1000 is None for r in rows)
