"""Sentences and words of French texts (`glossary.plain.tokens`)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from arrimage.glossary.plain.tokens import TokenKind, split_sentences, split_words


def _sentences(text: str) -> list[str]:
    return [text[sentence.start : sentence.end] for sentence in split_sentences(text)]


def test_abbreviations_do_not_end_sentences() -> None:
    text = "M. Tremblay et Mme Roy viennent, p. ex. pour le budget. Ils repartent à 3 h 30."
    assert _sentences(text) == ["M. Tremblay et Mme Roy viennent, p. ex. pour le budget.", "Ils repartent à 3 h 30."]


def test_etc_ends_a_sentence_only_before_a_capital() -> None:
    assert _sentences("Des chaises, des tables, etc. et du café.") == ["Des chaises, des tables, etc. et du café."]
    assert _sentences("Des chaises, des tables, etc. Le café suit.") == [
        "Des chaises, des tables, etc.",
        "Le café suit.",
    ]


def test_numbers_urls_and_emails_are_one_word_each() -> None:
    tokens = split_words("Le taux est de 1,5 %. Écrivez à info@exemple.ca ou voyez https://exemple.ca/a.b?c=1.")
    kinds = {token.text: token.kind for token in tokens}
    assert kinds["1,5"] is TokenKind.NUMBER
    assert kinds["info@exemple.ca"] is TokenKind.EMAIL
    assert kinds["https://exemple.ca/a.b?c=1"] is TokenKind.URL


def test_ellipses_exclamations_and_questions_end_sentences() -> None:
    assert _sentences("Vous venez ? Oui ! Alors… à demain... Merci.") == [
        "Vous venez ?",
        "Oui !",
        "Alors… à demain...",
        "Merci.",
    ]


def test_list_items_without_final_punctuation_are_sentences() -> None:
    text = "Au programme :\n- accueil des participants\n- portrait du quartier\n1. premier choix\n2) second choix"
    assert _sentences(text) == [
        "Au programme :",
        "accueil des participants",
        "portrait du quartier",
        "1. premier choix",
        "2) second choix",
    ]


def test_a_line_broken_inside_a_sentence_does_not_end_it() -> None:
    assert _sentences("Nous vous attendons\nau centre communautaire.\n\nBienvenue") == [
        "Nous vous attendons\nau centre communautaire.",
        "Bienvenue",
    ]


def test_elisions_keep_their_offsets_and_fold_into_the_key() -> None:
    text = "L'Œuvre d'arrimage"
    tokens = split_words(text)
    assert [(token.key, token.elision) for token in tokens] == [("oeuvre", "l"), ("arrimage", "d")]
    assert [text[token.start : token.end] for token in tokens] == ["Œuvre", "arrimage"]


def test_initials_do_not_end_sentences() -> None:
    assert _sentences("Selon J. Tremblay, tout va bien.") == ["Selon J. Tremblay, tout va bien."]


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab É.?!…-•\n'’()«»,1@:/MRC")), max_size=200))
def test_sentences_are_ordered_disjoint_and_hold_their_words(text: str) -> None:
    sentences = split_sentences(text)
    previous_end = 0
    for sentence in sentences:
        assert previous_end <= sentence.start < sentence.end <= len(text)
        previous_end = sentence.end
        for token in sentence.tokens:
            assert sentence.start <= token.start < token.end <= sentence.end
            assert text[token.start : token.end] == token.text
    assert [token for sentence in sentences for token in sentence.tokens] == split_words(text)
