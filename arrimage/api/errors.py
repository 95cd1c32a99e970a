"""French (or English) messages for the API's errors, instead of the validator's own."""

from typing import Any

from django.utils.translation import gettext as _

# Pydantic's error types → a sentence that says what is expected.
_MESSAGES = {
    "int_parsing": lambda ctx: _("a whole number is expected."),
    "int_type": lambda ctx: _("a whole number is expected."),
    "bool_parsing": lambda ctx: _("true or false is expected (1 or 0)."),
    "greater_than_equal": lambda ctx: _("the value must be at least %(limit)s.") % {"limit": ctx.get("ge")},
    "less_than_equal": lambda ctx: _("the value must be at most %(limit)s.") % {"limit": ctx.get("le")},
    "string_too_long": lambda ctx: (
        _("the text must be at most %(limit)s characters long.") % {"limit": ctx.get("max_length")}
    ),
    "string_pattern_mismatch": lambda ctx: _("the value does not have the expected form."),
    "enum": lambda ctx: _("the value must be one of: %(choices)s.") % {"choices": ctx.get("expected", "")},
    "literal_error": lambda ctx: _("the value must be one of: %(choices)s.") % {"choices": ctx.get("expected", "")},
    "missing": lambda ctx: _("this parameter is required."),
}


def describe_validation_errors(errors: list[dict[str, Any]]) -> dict[str, Any]:
    """Turn the validator's errors into `{"detail": sentence, "errors": [{"parameter", "message"}]}`."""
    described = []
    for error in errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("query", "path", "body")]
        parameter = ".".join(location[-1:]) or "?"
        message_of = _MESSAGES.get(error.get("type", ""))
        message = message_of(error.get("ctx") or {}) if message_of else _("the value is not valid.")
        described.append({"parameter": parameter, "message": message})
    summary = "; ".join(
        _("parameter « %(name)s »: %(message)s") % {"name": e["parameter"], "message": e["message"]} for e in described
    )
    return {"detail": _("Invalid request. %(summary)s") % {"summary": summary}, "errors": described}
