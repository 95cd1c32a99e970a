import datetime as dt
import math

from hypothesis import given
from hypothesis import strategies as st

from arrimage.analysis.inputs import ConcertationInfo, Snapshot, TerritoryInfo
from arrimage.analysis.text import STOP_WORDS, cosine, mission_vectors, similarity, stem, terms, tfidf


def test_stem_joins_the_usual_variants():
    assert stem("alimentation") == stem("alimentaire") == "aliment"
    assert stem("sociaux") == stem("sociale") == stem("social")
    assert stem("organismes") == stem("organisme")
    assert stem("securite") == stem("securites")
    assert stem("villes") == stem("ville")
    assert stem("aide") == "aide"  # too short to lose its « e »


def test_terms_fold_accents_and_drop_stop_words():
    assert terms("La sécurité alimentaire des Îles") == ["secur", "aliment", "iles"]
    assert all(word not in STOP_WORDS for word in terms("pour les familles et avec les jeunes"))


def test_vectors_have_unit_length_and_empty_texts_are_empty():
    vectors = tfidf({1: "sécurité alimentaire", 2: "logement social", 3: "et des les"})
    assert math.isclose(sum(value * value for value in vectors[1].values()), 1.0)
    assert vectors[3] == {}
    assert cosine(vectors[1], vectors[3]) == 0.0


def test_similar_missions_score_higher_than_unrelated_ones():
    near = similarity(
        "Améliorer la sécurité alimentaire des familles du quartier",
        "La sécurité alimentaire des familles vulnérables du quartier",
    )
    far = similarity("Améliorer la sécurité alimentaire des familles", "Transport collectif en milieu rural")
    assert near > 0.5
    assert far == 0.0


def test_rare_terms_weigh_more_than_common_ones():
    vectors = tfidf({1: "concertation itinérance", 2: "concertation logement", 3: "concertation transport"})
    assert vectors[1]["itiner"] > vectors[1]["concert"]


def test_a_repeated_text_counts_once_per_key_in_the_inverse_document_frequency():
    vectors = tfidf({1: "concertation itinérance", 2: "concertation itinérance", 3: "concertation logement"})
    assert vectors[1] == vectors[2]
    # « itinerance » is in 2 texts of 3, « concertation » in all 3: idf = ln(4 / 3) + 1 and ln(4 / 4) + 1.
    rare, common = math.log(4 / 3) + 1, 1.0
    norm = math.hypot(rare, common)
    assert math.isclose(vectors[1]["itiner"], rare / norm)
    assert math.isclose(vectors[1]["concert"], common / norm)


@given(st.dictionaries(st.integers(0, 6), st.sampled_from(["sécurité alimentaire", "logement social", "", "aînés"])))
def test_vectors_of_equal_texts_are_equal(texts):
    vectors = tfidf(texts)
    assert set(vectors) == set(texts)
    for key, text in texts.items():
        assert vectors[key] == tfidf({key: text, **{k: t for k, t in texts.items() if k != key}})[key]
        assert all(vectors[key] == vectors[other] for other, same in texts.items() if same == text)


def test_mission_vectors_cover_the_snapshot_concertations():
    territory = TerritoryInfo(id=1, kind="mrc", name="MRC")
    s = Snapshot(
        territory=territory,
        on=dt.date(2025, 1, 1),
        concertations=[
            ConcertationInfo(id=7, name="A", kind="table", level="local", mission="Sécurité alimentaire"),
            ConcertationInfo(id=8, name="B", kind="table", level="local", mission="Sécurité alimentaire"),
        ],
    )
    vectors = mission_vectors(s)
    assert math.isclose(cosine(vectors[7], vectors[8]), 1.0)
    assert set(mission_vectors(s, [7])) == {7}


words = st.sampled_from(["sécurité", "alimentaire", "logement", "jeunes", "transport", "les", "des", "aînés"])
texts = st.lists(words, max_size=8).map(" ".join)


@given(texts, texts, texts)
def test_cosine_is_symmetric_and_between_zero_and_one(first, second, third):
    vectors = tfidf({1: first, 2: second, 3: third})
    value = cosine(vectors[1], vectors[2])
    assert 0.0 <= value <= 1.0
    assert math.isclose(value, cosine(vectors[2], vectors[1]))


@given(texts)
def test_a_text_is_identical_to_itself(text):
    vectors = tfidf({1: text, 2: text})
    assert math.isclose(cosine(vectors[1], vectors[2]), 1.0 if terms(text) else 0.0)
