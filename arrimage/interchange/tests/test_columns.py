"""Suggesting which column of a file feeds which field."""

from arrimage.interchange.columns import COLUMNS, clean_mapping, headers_key, suggest_mapping


def test_french_headers_of_a_members_list():
    headers = [
        "Organisme",
        "Représentant·e",
        "Courriel",
        "Téléphone",
        "Type de siège",
        "Siège",
        "Depuis",
        "Fin",
        "Rôle",
    ]
    assert suggest_mapping(headers, "members") == {
        "Organisme": "organization",
        "Représentant·e": "full_name",
        "Courriel": "email",
        "Téléphone": "phone",
        "Type de siège": "seat_type",
        "Siège": "seat",
        "Depuis": "start",
        "Fin": "end",
        "Rôle": "role",
    }


def test_variants_accents_case_and_typographic_apostrophes():
    mapping = suggest_mapping(
        ["NOM DE L’ORGANISME", "representant", "Date de debut", "Citoyen", "Consentement"], "members"
    )
    assert mapping == {
        "NOM DE L’ORGANISME": "organization",
        "representant": "full_name",
        "Date de debut": "start",
        "Citoyen": "citizen",
        "Consentement": "consent",
    }


def test_close_headers_are_suggested_and_unknown_ones_ignored():
    mapping = suggest_mapping(["Courriels", "Numero de telephone", "Couleur préférée"], "members")
    assert mapping == {"Courriels": "email", "Numero de telephone": "phone", "Couleur préférée": ""}


def test_organisation_headers():
    headers = ["Nom de l'organisation", "Sigle", "Secteur", "NEQ", "Site web", "Mission", "Territoire", "MRC"]
    mapping = suggest_mapping(headers, "organizations")
    assert mapping["Nom de l'organisation"] == "name"
    assert mapping["Sigle"] == "acronym"
    assert mapping["NEQ"] == "neq"
    assert mapping["Site web"] == "website"
    assert mapping["Territoire"] == "territories"
    assert mapping["MRC"] == ""  # a field is fed by one column at most


def test_every_kind_has_fields_and_labels():
    for kind, columns in COLUMNS.items():
        assert columns.fields, kind
        assert columns.required_groups, kind


def test_headers_key_ignores_case_and_accents_but_not_order():
    assert headers_key(["Organisme", "Représentant"]) == headers_key(["ORGANISME", "Representant"])
    assert headers_key(["Organisme", "Représentant"]) != headers_key(["Représentant", "Organisme"])


def test_clean_mapping_keeps_known_fields_once():
    mapping = clean_mapping(
        {"A": "organization", "B": "organization", "C": "nope", "Z": "email"}, ["A", "B", "C"], "members"
    )
    assert mapping == {"A": "organization", "B": "", "C": ""}
