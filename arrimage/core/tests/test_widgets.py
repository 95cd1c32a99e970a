"""The fast select renders exactly what Django's template-based select renders."""

import pytest
from django import forms

from arrimage.core.widgets import FastSelect

CHOICES = [("", "Tous"), ("a", "A & « b »"), ("Groupe", [("x", "X"), ("y", "<Y>")]), (3, "Trois")]


@pytest.mark.parametrize("value", [None, "", "a", "x", 3, "absent"])
def test_same_html_as_django(value):
    attrs = {"id": "id_f", "class": "filtre", "aria-describedby": "aide"}
    expected = forms.Select(choices=CHOICES).render("f", value, attrs)
    rendered = FastSelect(choices=CHOICES).render("f", value, attrs)
    assert rendered == "".join(line.strip() for line in expected.splitlines())


def test_labels_and_values_are_escaped():
    html = FastSelect(choices=[('"><script>', "<script>alert(1)</script>")]).render("f", None)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
