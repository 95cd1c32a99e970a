import dataclasses

from django.utils import translation
from hypothesis import given

from arrimage.analysis.coverage import gaps
from arrimage.analysis.inputs import SeatInfo
from arrimage.analysis.landscape import landscape, summary_sentences
from arrimage.analysis.participation import citizen_seats
from arrimage.analysis.tests.test_coverage import ON, mrc_snapshot, snapshots


def test_concertations_are_grouped_by_level_with_their_open_seats():
    s = mrc_snapshot()
    s.seats = [
        SeatInfo(1, 1, "organisational"),
        SeatInfo(2, 1, "citizen"),
        SeatInfo(3, 1, "citizen", abolished_on=ON),
        SeatInfo(4, 2, "organisational"),
    ]
    result = landscape(s)
    assert [g.level for g in result.groups] == ["local", "supralocal"]
    assert [(e.concertation_id, e.seat_count) for e in result.groups[0].entries] == [(1, 2)]
    assert result.groups[1].entries[0].theme_ids == {2}
    assert result.total == 2 and result.count("regional") == 0


@given(snapshots())
def test_every_concertation_appears_in_exactly_one_group(s):
    result = landscape(s)
    ids = [e.concertation_id for g in result.groups for e in g.entries]
    assert sorted(ids) == sorted(c.id for c in s.concertations)
    assert all(e.level == g.level for g in result.groups for e in g.entries)
    assert len({g.level for g in result.groups}) == len(result.groups)


def test_summary_sentences_in_french():
    s = mrc_snapshot()
    rural = dataclasses.replace(s.subterritories[2])
    assert rural.urbanity == "rural"
    s.seats = [SeatInfo(1, 1, "citizen")]
    with translation.override("en"):
        sentences = summary_sentences(s, landscape(s), gaps(s), citizen_seats(s))
    assert sentences[0].startswith("On this territory, 2 concertation bodies are active: 1 local, 1 supralocal")
    assert sentences[1] == "No concertation body works on sécurité alimentaire in 1 rural municipality."
    assert sentences[2] == "0 of the 1 seat reserved for citizens is filled."
    assert 2 <= len(sentences) <= 4


def test_summary_says_when_every_cell_is_covered():
    s = mrc_snapshot()
    s.concertations = [
        dataclasses.replace(c, theme_ids=frozenset({1, 2}), municipality_ids=frozenset({11, 12, 13}))
        for c in s.concertations
    ]
    with translation.override("en"):
        sentences = summary_sentences(s, landscape(s), gaps(s))
    assert sentences[1] == "Every theme has at least one concertation body in every part of the territory."


def test_summary_counts_the_pairs_that_seem_to_overlap():
    s = mrc_snapshot()
    with translation.override("en"):
        some = summary_sentences(s, landscape(s), gaps(s), None, [0.72, 0.5, 0.49])
        none = summary_sentences(s, landscape(s), gaps(s), None, [0.3])
    assert some[1] == "2 pairs of bodies seem to overlap (at least half alike)."
    assert none[1] == "No two bodies seem to overlap."
    with translation.override("fr"):
        one = summary_sentences(s, landscape(s), gaps(s), None, [0.9])
    assert one[1] == "1 paire d'instances semble se recouvrir (semblables au moins à moitié)."
