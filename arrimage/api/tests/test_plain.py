"""POST /api/v1/plain-language/: the check of a text meant for citizens, in JSON."""

import pytest

from arrimage.glossary.models import Term, TermStatus
from arrimage.glossary.plain import MAX_CHARS

pytestmark = pytest.mark.django_db
URL = "/api/v1/plain-language/"


def _post(caller, body):
    return caller.post(URL, body)


def test_findings_with_offsets_messages_and_the_glossary_term(nobody_api) -> None:
    assert Term.objects.filter(acronym="MRC", status=TermStatus.APPROVED).exists()  # from the glossary's seed
    text = "La MRC vous invite. Les citoyens sont invités."
    response = _post(nobody_api, {"text": text, "language": "fr"})
    assert response.status_code == 200
    body = response.json()
    assert body["formula"] == "kandel-moles" and 0 <= body["score"] <= 100
    assert (body["words"], body["sentences"], body["max_words"]) == (8, 2, 25)
    assert body["level"] and body["meaning"] and body["target"] == 60
    assert body["counts"] == {"acronym": 1, "jargon": 0, "long_sentence": 0, "passive": 1, "nominalisation": 0}
    acronym, passive = body["findings"]
    assert text[acronym["start"] : acronym["end"]] == "MRC"
    assert acronym["term"]["name"] == "municipalité régionale de comté"
    assert acronym["severity"] == "problem" and "municipalité régionale de comté (MRC)" in acronym["message"]
    assert text[passive["start"] : passive["end"]] == "sont invités" and passive["term"] is None


def test_english_and_the_default_language(nobody_api) -> None:
    assert _post(nobody_api, {"text": "The plan was approved."}).json()["formula"] == "kandel-moles"
    english = _post(nobody_api, {"text": "The plan was approved.", "language": "en"}).json()
    assert english["formula"] == "flesch" and english["findings"][0]["kind"] == "passive"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("", "la boîte est vide"), ("   ", "la boîte est vide"), ("a" * (MAX_CHARS + 1), "100\u00a0001")],
)
def test_empty_and_too_long_texts_are_refused_on_the_field(nobody_api, text, fragment) -> None:
    response = _post(nobody_api, {"text": text})
    assert response.status_code == 422
    body = response.json()
    assert body["errors"][0]["field"] == "text" and fragment in body["errors"][0]["message"]
    assert fragment in body["detail"]


def test_a_200_page_text_is_refused_quickly(nobody_api) -> None:
    response = _post(nobody_api, {"text": "Une phrase de rapport. " * 22_000})  # about 500,000 characters
    assert response.status_code == 422
    assert "506\u00a0000 caractères" in response.json()["detail"]


def test_bad_bodies_get_the_usual_error_shape(nobody_api) -> None:
    assert _post(nobody_api, {"language": "fr"}).status_code == 422
    assert _post(nobody_api, {"text": "Bonjour.", "language": "de"}).status_code == 422
    assert _post(nobody_api, {"text": 12}).status_code == 422
    assert nobody_api.post(URL, "{nope").status_code == 400
    assert "errors" in _post(nobody_api, {"language": "fr"}).json()


def test_a_key_is_needed_even_with_a_session(client, nobody_api) -> None:
    client.force_login(nobody_api.user)
    response = client.post(URL, {"text": "Bonjour."}, content_type="application/json")
    assert response.status_code == 401


def test_the_operation_is_documented(client, db) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"][URL]["post"]
    assert {"200", "422"} <= set(operation["responses"])
