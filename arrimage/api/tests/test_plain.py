"""POST /api/v1/plain-language/: the check of a text meant for citizens, in JSON."""

import pytest

from arrimage.glossary.models import Term, TermStatus
from arrimage.glossary.plain import MAX_CHARS

pytestmark = pytest.mark.django_db
URL = "/api/v1/plain-language/"


def _post(client, body, **headers):
    return client.post(URL, body, content_type="application/json", **headers)


def test_findings_with_offsets_messages_and_the_glossary_term(client) -> None:
    Term.objects.create(
        acronym="MRC",
        name="municipalité régionale de comté",
        definition="Regroupement des municipalités d'un territoire.",
        plain="regroupement de municipalités",
        status=TermStatus.APPROVED,
        name_key=" municipalite regionale de comte ",
        acronym_key=" mrc ",
    )
    text = "La MRC vous invite. Les citoyens sont invités."
    response = _post(client, {"text": text, "language": "fr"})
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


def test_english_and_the_default_language(client) -> None:
    assert _post(client, {"text": "The plan was approved."}).json()["formula"] == "kandel-moles"
    english = _post(client, {"text": "The plan was approved.", "language": "en"}).json()
    assert english["formula"] == "flesch" and english["findings"][0]["kind"] == "passive"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("", "the box is empty"), ("   ", "the box is empty"), ("a" * (MAX_CHARS + 1), "100\u00a0001")],
)
def test_empty_and_too_long_texts_are_refused_on_the_field(client, text, fragment) -> None:
    response = _post(client, {"text": text})
    assert response.status_code == 422
    body = response.json()
    assert body["errors"][0]["field"] == "text" and fragment in body["errors"][0]["message"]
    assert fragment in body["detail"]


def test_a_200_page_text_is_refused_quickly(client) -> None:
    response = _post(client, {"text": "Une phrase de rapport. " * 22_000})  # about 500,000 characters
    assert response.status_code == 422
    assert "506\u00a0000 characters" in response.json()["detail"]


def test_bad_bodies_get_the_usual_error_shape(client) -> None:
    assert _post(client, {"language": "fr"}).status_code == 422
    assert _post(client, {"text": "Bonjour.", "language": "de"}).status_code == 422
    assert _post(client, {"text": 12}).status_code == 422
    assert client.post(URL, "{nope", content_type="application/json").status_code == 400
    assert "errors" in _post(client, {"language": "fr"}).json()


def test_the_operation_is_documented(client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"][URL]["post"]
    assert {"200", "422"} <= set(operation["responses"])
