import datetime as dt

from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from arrimage.analysis.demarches import NetworkData, overview, sort_key
from arrimage.analysis.inputs import ConcertationInfo, HoldingInfo, SeatInfo, TerritoryInfo, ThemeInfo

ON = dt.date(2025, 6, 1)
NETWORK = 1

# A région (100) of three MRC-less municipalities: a city (10, 1,000 people, boroughs 11 and 12 without
# population of their own), a town (20, 300 people) and a village (30, 100 people).
TERRITORIES = [
    TerritoryInfo(id=100, kind="region", name="Région"),
    TerritoryInfo(id=10, kind="municipality", name="Ville", parent_id=100, population=1000),
    TerritoryInfo(id=11, kind="borough", name="Arrondissement Nord", parent_id=10),
    TerritoryInfo(id=12, kind="borough", name="Arrondissement Sud", parent_id=10),
    TerritoryInfo(id=20, kind="municipality", name="Bourg", parent_id=100, population=300),
    TerritoryInfo(id=30, kind="municipality", name="Village", parent_id=100, population=100),
]
THEMES = [
    ThemeInfo(id=1, slug="logement", name="Logement", dimension="social"),
    ThemeInfo(id=2, slug="famille", name="Famille", dimension="social"),
    ThemeInfo(id=3, slug="agriculture", name="Agriculture", dimension="economic"),
]


def concertation(id, name, *, territories=(), municipalities=(), themes=(), parent=NETWORK, **kwargs):
    return ConcertationInfo(
        id=id,
        name=name,
        kind=kwargs.pop("kind", "demarche"),
        level=kwargs.pop("level", "local"),
        territory_ids=frozenset(territories),
        municipality_ids=frozenset(municipalities),
        theme_ids=frozenset(themes),
        parent_id=parent,
        **kwargs,
    )


def seat(id, concertation_id, **kwargs):
    return SeatInfo(id=id, concertation_id=concertation_id, seat_type="organisational", **kwargs)


def holding(id, seat_id, concertation_id, *, person=None, organization=None, end=None):
    return HoldingInfo(
        id=id,
        seat_id=seat_id,
        concertation_id=concertation_id,
        person_id=person,
        organization_id=organization,
        start=dt.date(2020, 1, 1),
        end=end,
    )


def network_case() -> NetworkData:
    """Network 1 covers the région and works on housing and farming. Démarche 2 covers the north borough
    (housing, family), démarche 3 the town and the village (housing), démarche 4 the village again
    (family). Démarche 5 has ended; 6 belongs to another network.

    Organisation 50 sits on 2, 3 and 4; person 60 on 2 and 3 (and on the network); organisation 51 left
    démarche 4.
    """
    network = concertation(
        NETWORK,
        "Réseau",
        territories={100},
        municipalities={10, 20, 30},
        themes={1, 3},
        parent=None,
        kind="network",
        level="regional",
    )
    concertations = [
        concertation(
            2, "Démarche Nord", territories={11}, municipalities={10}, themes={1, 2}, coordinating_organization_id=50
        ),
        concertation(3, "démarche du Bourg", territories={20, 30}, municipalities={20, 30}, themes={1}),
        concertation(4, "Démarche du Village", territories={30}, municipalities={30}, themes={2}),
        concertation(5, "Démarche finie", territories={20}, municipalities={20}, end=dt.date(2020, 1, 1)),
        concertation(6, "Ailleurs", territories={20}, municipalities={20}, parent=99),
    ]
    seats = [
        seat(1, NETWORK),
        seat(21, 2),
        seat(22, 2),
        seat(23, 2),
        seat(31, 3),
        seat(32, 3),
        seat(41, 4),
        seat(42, 4),
        seat(43, 4, abolished_on=dt.date(2024, 1, 1)),
        seat(51, 5),
        seat(61, 6),
    ]
    holdings = [
        holding(1, 1, NETWORK, person=60, organization=70),
        holding(2, 21, 2, organization=50),
        holding(3, 22, 2, person=60, organization=70),
        holding(4, 31, 3, organization=50),
        holding(5, 32, 3, person=60),
        holding(6, 41, 4, organization=50),
        holding(7, 42, 4, organization=51, end=dt.date(2024, 12, 31)),
        holding(8, 43, 4, organization=52),  # on an abolished seat
        holding(9, 51, 5, organization=50),
        holding(10, 61, 6, organization=50),
    ]
    return NetworkData(
        network=network,
        on=ON,
        concertations=concertations,
        territories=TERRITORIES,
        seats=seats,
        holdings=holdings,
        organizations=[],
        themes=THEMES,
    )


def test_members_are_the_active_sub_concertations_by_name():
    result = overview(network_case())
    assert [d.concertation_id for d in result.demarches] == [3, 4, 2]  # « démarche du Bourg » sorts first
    by_id = {d.concertation_id: d for d in result.demarches}
    assert by_id[2].coordinating_organization_id == 50


def test_each_demarche_has_its_seats_members_and_population():
    by_id = {d.concertation_id: d for d in overview(network_case()).demarches}
    north, town, village = by_id[2], by_id[3], by_id[4]
    assert (north.seats, north.filled, north.vacant) == (3, 2, 1)
    assert (village.seats, village.filled) == (2, 1)  # seat 43 abolished; 51 left
    assert north.organization_ids == (50, 70) and north.person_ids == (60,)
    assert village.organization_ids == (50,) and village.person_ids == ()
    # A borough has no population of its own: the north démarche's population is not complete.
    assert north.municipality_ids == () and north.borough_ids == (11,)
    assert north.population == 0 and not north.population_complete
    assert town.municipality_ids == (20, 30) and town.population == 400 and town.population_complete
    assert north.theme_ids == (2, 1)  # Famille, Logement
    # Person 60 sits on the network: the north and town démarches are represented there.
    assert north.represented and town.represented and not village.represented


def test_theme_matrix_and_themes_nobody_works_on():
    result = overview(network_case())
    assert [(t.theme_id, t.concertation_ids) for t in result.themes] == [
        (2, (4, 2)),
        (1, (3, 2)),
    ]  # in the order of the démarches
    assert result.themes_of(2) == frozenset({1, 2})
    assert result.uncovered_theme_ids == (3,)
    assert result.network_theme_gaps == (3,)  # farming: a theme of the network no démarche takes up


def test_shared_members_count_organisations_and_people_once():
    result = overview(network_case())
    pairs = {(p.first_id, p.second_id): p for p in result.shared}
    assert set(pairs) == {(2, 3), (2, 4), (3, 4)}
    assert pairs[(2, 3)].organization_ids == (50,) and pairs[(2, 3)].person_ids == (60,)
    assert pairs[(2, 3)].total == 2 and result.shared[0] == pairs[(2, 3)]
    assert pairs[(2, 4)].total == 1  # organisation 51 left démarche 4; 52's seat is abolished
    assert result.shared_between(4, 2) == pairs[(2, 4)]
    assert result.shared_between(2, 5) is None  # the ended démarche is not a member


def test_territory_covered_in_full_in_part_and_not_at_all():
    result = overview(network_case())
    assert result.municipality_ids == (20, 30, 10)  # Bourg, Village, Ville
    assert result.population == 1400
    assert result.covered_ids == (20, 30)
    assert result.partial_ids == (10,)  # only its north borough
    assert result.uncovered_ids == ()
    assert (result.covered_population, result.partial_population, result.uncovered_population) == (400, 1000, 0)
    assert result.covered_share == 1.0
    assert [(o.territory_id, o.concertation_ids) for o in result.overlaps] == [(30, (3, 4))]


def test_uncovered_municipalities_and_summary():
    data = network_case()
    data.concertations = [c for c in data.concertations if c.id != 3]  # the town is left alone
    result = overview(data)
    assert result.uncovered_ids == (20,)
    assert result.uncovered_population == 300
    assert result.overlaps == ()
    assert result.summary[0] == "2 démarches agissent dans des municipalités où vit 79 % de la population de Région."
    with translation.override("en"):
        summary = overview(data).summary
    assert summary[0] == "2 démarches work in municipalities home to 79 % of the population of Région."
    assert "1 municipality is covered by no démarche." in summary
    assert "1 municipality is covered only in part, through some of its boroughs: Ville." in summary


def test_a_demarche_on_a_borough_and_another_on_its_city_overlap_on_the_borough():
    data = network_case()
    data.concertations.append(concertation(7, "Démarche de la Ville", territories={10}, municipalities={10}))
    result = overview(data)
    assert 10 in result.covered_ids and result.partial_ids == ()
    assert (11, (2, 7)) in [(o.territory_id, o.concertation_ids) for o in result.overlaps]
    by_id = {d.concertation_id: d for d in result.demarches}
    assert by_id[7].population == 1000 and by_id[7].municipality_ids == (10,)


def test_a_network_without_demarche():
    data = network_case()
    data.concertations = []
    result = overview(data)
    assert result.demarches == () and result.shared == () and result.themes == ()
    assert result.uncovered_ids == (20, 30, 10)
    assert result.summary == ("Aucune démarche n'est inscrite comme membre de ce réseau à cette date.",)


def test_names_sort_without_accents_or_case():
    assert sorted(["Démarche du Village", "démarche du Bourg", "Demarche Nord"], key=sort_key) == [
        "démarche du Bourg",
        "Démarche du Village",
        "Demarche Nord",
    ]


# Property tests ----------------------------------------------------------------------------------

MUNICIPALITIES = [t for t in TERRITORIES if t.kind == "municipality"]


@st.composite
def networks(draw):
    count = draw(st.integers(0, 6))
    concertations = []
    seats = []
    holdings = []
    for n in range(count):
        ident = 10 + n
        places = draw(st.sets(st.sampled_from([10, 11, 12, 20, 30]), max_size=3))
        municipalities = {10 if p in (11, 12) else p for p in places}
        concertations.append(
            concertation(
                ident,
                f"D{n}",
                territories=places,
                municipalities=municipalities,
                themes=draw(st.sets(st.sampled_from([1, 2, 3]), max_size=3)),
                parent=draw(st.sampled_from([NETWORK, NETWORK, 99])),
            )
        )
        for k in range(draw(st.integers(0, 3))):
            seat_id = ident * 10 + k
            seats.append(seat(seat_id, ident))
            if draw(st.booleans()):
                holdings.append(
                    holding(
                        seat_id,
                        seat_id,
                        ident,
                        person=draw(st.one_of(st.none(), st.integers(1, 4))),
                        organization=draw(st.integers(5, 8)),
                    )
                )
    network = concertation(NETWORK, "Réseau", territories={100}, municipalities={10, 20, 30}, parent=None)
    return NetworkData(network, ON, concertations, TERRITORIES, seats, holdings, [], THEMES)


@settings(max_examples=150, deadline=None)
@given(networks())
def test_properties(data):
    result = overview(data)
    ids = [d.concertation_id for d in result.demarches]
    assert set(ids) == {c.id for c in data.concertations if c.parent_id == NETWORK}
    # The territory is split without remainder.
    parts = set(result.covered_ids) | set(result.partial_ids) | set(result.uncovered_ids)
    assert parts == {m.id for m in MUNICIPALITIES}
    assert len(result.covered_ids) + len(result.partial_ids) + len(result.uncovered_ids) == len(parts)
    assert result.covered_population + result.partial_population + result.uncovered_population == result.population
    # Every theme is either worked on or listed as uncovered, never both.
    worked = {t.theme_id for t in result.themes}
    assert worked.isdisjoint(result.uncovered_theme_ids) and worked | set(result.uncovered_theme_ids) == {1, 2, 3}
    for row in result.themes:
        assert all(
            row.theme_id in next(d for d in result.demarches if d.concertation_id == c).theme_ids
            for c in row.concertation_ids
        )
    # A shared member is a member of both; the matrix is symmetric.
    by_id = {d.concertation_id: d for d in result.demarches}
    for pair in result.shared:
        assert pair.first_id < pair.second_id and pair.total > 0
        assert set(pair.organization_ids) <= set(by_id[pair.first_id].organization_ids)
        assert set(pair.person_ids) <= set(by_id[pair.second_id].person_ids)
        assert result.shared_between(pair.second_id, pair.first_id) == pair
    for d in result.demarches:
        assert 0 <= d.filled <= d.seats
    for overlap in result.overlaps:
        assert len(overlap.concertation_ids) >= 2 and set(overlap.concertation_ids) <= set(ids)
    assert result.summary
