import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from arrimage.analysis.coverage import coverage_matrix, gaps, priority, remoteness
from arrimage.analysis.inputs import ConcertationInfo, ServiceInfo, Snapshot, TerritoryInfo, ThemeInfo

ON = dt.date(2025, 6, 1)
FOOD = ThemeInfo(1, "securite-alimentaire", "Sécurité alimentaire", "social")
HOUSING = ThemeInfo(2, "logement", "Logement", "social")


def municipality(ident: int, population: int, zone: int | None = None, typology: int | None = None) -> TerritoryInfo:
    urbanity = "" if zone is None else "urban" if zone <= 3 else "periurban" if zone == 4 else "rural"
    return TerritoryInfo(ident, "municipality", f"Municipalité {ident}", 100, population, zone, typology, urbanity)


def mrc_snapshot() -> Snapshot:
    """An MRC of three municipalities: a town, a periurban village and a remote rural parish."""
    town, village, parish = municipality(11, 25000, 2, 4), municipality(12, 3000, 4, 4), municipality(13, 600, 7, 6)
    return Snapshot(
        territory=TerritoryInfo(100, "mrc", "MRC", population=28600, mrc_typology=4),
        on=ON,
        subterritories=[town, village, parish],
        municipalities=[town, village, parish],
        concertations=[
            ConcertationInfo(
                1, "Table alimentaire", "table", "local", frozenset({1}), municipality_ids=frozenset({11})
            ),
            ConcertationInfo(
                2, "Table logement", "table", "supralocal", frozenset({2}), municipality_ids=frozenset({11, 12, 13})
            ),
        ],
        themes=[FOOD, HOUSING],
        services=[ServiceInfo(5, 9, "Comptoir", theme_ids=frozenset({1}), municipality_ids=frozenset({13}))],
        municipalities_of={11: frozenset({11}), 12: frozenset({12}), 13: frozenset({13})},
    )


def test_the_matrix_holds_who_covers_each_cell():
    matrix = coverage_matrix(mrc_snapshot())
    assert matrix.cell(1, 11).concertation_ids == {1}
    assert matrix.cell(1, 13).concertation_ids == set() and matrix.cell(1, 13).service_ids == {5}
    assert all(matrix.cell(2, t).concertation_ids == {2} for t in (11, 12, 13))


def test_gaps_rank_the_remote_parish_first_and_say_why():
    found = gaps(mrc_snapshot())
    assert [(g.theme_id, g.territory_id) for g in found] == [(1, 13), (1, 12)]
    parish = found[0]
    assert parish.service_count == 1
    assert any("600" in reason for reason in parish.reasons)
    assert len(parish.reasons) >= 4


def test_a_devitalised_rural_municipality_ranks_before_a_dense_borough():
    rural = TerritoryInfo(1, "municipality", "Rang", population=400, metropolitan_influence_zone=7, mrc_typology=6)
    borough = TerritoryInfo(2, "borough", "Quartier", population=90000, metropolitan_influence_zone=1, mrc_typology=1)
    assert priority(rural.population, remoteness(rural)) > priority(borough.population, remoteness(borough))


def test_a_territory_without_parts_is_its_own_part():
    s = mrc_snapshot()
    s.subterritories = []
    matrix = coverage_matrix(s)
    assert matrix.territory_ids == (100,)
    assert matrix.cell(1, 100).concertation_ids == {1}


@st.composite
def snapshots(draw: st.DrawFn) -> Snapshot:
    """Small random MRCs: municipalities with population and remoteness, concertations and services."""
    count = draw(st.integers(1, 6))
    municipalities = [
        municipality(
            10 + i,
            draw(st.integers(0, 200000)),
            draw(st.one_of(st.none(), st.integers(1, 7))),
            draw(st.one_of(st.none(), st.integers(1, 6))),
        )
        for i in range(count)
    ]
    ids = [m.id for m in municipalities]
    themes = [ThemeInfo(t, f"t{t}", f"Thème {t}", "social") for t in range(1, draw(st.integers(1, 4)) + 1)]
    theme_sets = st.frozensets(st.sampled_from([t.id for t in themes]))
    concertations = [
        ConcertationInfo(
            100 + i,
            f"Table {i}",
            "table",
            draw(st.sampled_from(["local", "supralocal", "regional", "national", "other"])),
            draw(theme_sets),
            municipality_ids=draw(st.frozensets(st.sampled_from(ids))),
        )
        for i in range(draw(st.integers(0, 6)))
    ]
    services = [
        ServiceInfo(
            200 + i,
            1,
            f"Service {i}",
            theme_ids=draw(theme_sets),
            municipality_ids=draw(st.frozensets(st.sampled_from(ids))),
        )
        for i in range(draw(st.integers(0, 3)))
    ]
    return Snapshot(
        territory=TerritoryInfo(1, "mrc", "MRC"),
        on=ON,
        subterritories=municipalities,
        municipalities=municipalities,
        concertations=concertations,
        themes=themes,
        services=services,
        municipalities_of={i: frozenset({i}) for i in ids},
    )


@given(snapshots())
def test_matrix_cells_equal_a_brute_force_recount(s):
    matrix = coverage_matrix(s)
    assert len(matrix.cells) == len(s.themes) * len(s.subterritories)
    for theme in s.themes:
        for territory in s.subterritories:
            expected = {c.id for c in s.concertations if theme.id in c.theme_ids and territory.id in c.municipality_ids}
            services = {v.id for v in s.services if theme.id in v.theme_ids and territory.id in v.municipality_ids}
            assert matrix.cell(theme.id, territory.id).concertation_ids == expected
            assert matrix.cell(theme.id, territory.id).service_ids == services


@given(snapshots())
def test_gaps_are_exactly_the_empty_cells_best_first(s):
    matrix = coverage_matrix(s)
    found = gaps(s, matrix)
    empty = {key for key, cell in matrix.cells.items() if not cell.concertation_ids}
    assert {(g.theme_id, g.territory_id) for g in found} == empty
    assert [g.score for g in found] == sorted((g.score for g in found), reverse=True)


@given(st.integers(0, 10**7), st.integers(0, 10**7), st.floats(0, 1))
def test_priority_is_monotone_in_population_for_equal_remoteness(a, b, remote):
    small, large = sorted((a, b))
    assert priority(small, remote) <= priority(large, remote)


@given(st.integers(0, 10**7), st.integers(0, 10**7), st.floats(0, 1), st.floats(0, 1))
def test_priority_puts_a_much_more_remote_part_first_whatever_the_population(a, b, x, y):
    near, far = sorted((x, y))
    if far - near >= 0.5:
        assert priority(b, far) > priority(a, near)
