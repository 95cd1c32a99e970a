"""The API's one error format, and French (or English) messages instead of the validator's own.

Every refusal, whatever its status (400, 401, 403, 404, 405, 409, 422, 429, 500), answers
`{"detail": sentence, "errors": [{"field", "parameter", "message"}]}`; `errors` lists the faulty fields
or parameters of a 422 and is absent (or empty) otherwise.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as ServiceValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import Field, Schema


class FieldErrorOut(Schema):
    field: str | None = Field(description="The field or parameter at fault; null for the whole record.")
    parameter: str | None = Field(description="Same as `field`.")
    message: str


class ErrorOut(Schema):
    """A refusal: what is wrong, in the caller's language (French unless they ask for English)."""

    detail: str = Field(description="One sentence saying what is wrong, in the caller's language.")
    errors: list[FieldErrorOut] = Field(
        default_factory=list, description="The fields or parameters at fault, when there are some."
    )


class InvalidOut(ErrorOut):
    """Invalid data: nothing was done; each faulty field or parameter has its message."""

    errors: list[FieldErrorOut] = Field(description="The fields or parameters at fault.")


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
    "string_too_short": lambda ctx: _("this field cannot be empty."),
    "string_pattern_mismatch": lambda ctx: _("the value does not have the expected form."),
    "enum": lambda ctx: _("the value must be one of: %(choices)s.") % {"choices": ctx.get("expected", "")},
    "literal_error": lambda ctx: _("the value must be one of: %(choices)s.") % {"choices": ctx.get("expected", "")},
    "missing": lambda ctx: _("this parameter is required."),
}


def describe_validation_errors(errors: list[dict[str, Any]]) -> dict[str, Any]:
    """Turn the validator's errors into the error format, one message per parameter or field."""
    described = []
    for error in errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("query", "path", "body")]
        parameter = ".".join(location[-1:]) or None
        message_of = _MESSAGES.get(error.get("type", ""))
        message = message_of(error.get("ctx") or {}) if message_of else _("the value is not valid.")
        described.append({"field": parameter, "parameter": parameter, "message": message})
    summary = "; ".join(
        _("parameter « %(name)s »: %(message)s") % {"name": e["parameter"], "message": e["message"]}
        if e["parameter"]
        else str(e["message"])
        for e in described
    )
    return {"detail": _("Invalid request. %(summary)s") % {"summary": summary}, "errors": described}


# The service layer names the stored columns; the API names what the caller sent.
_FIELD_NAMES = {"start_date": "start", "end_date": "end", "end_precision": "end", "start_precision": "start"}


def describe_service_error(error: ServiceValidationError, *, write: bool = True) -> tuple[int, dict[str, Any]]:
    """The status and body of a refusal by a service or a lookup: 409 when someone saved first, else 422
    with the messages on the fields of the request body (or the parameters of a read)."""
    if not hasattr(error, "error_dict") and any(e.code == "stale" for e in error.error_list):
        return 409, {"detail": " ".join(str(m) for m in error.messages), "errors": []}
    by_field: dict[str | None, list[str]] = {}
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            field = None if name == NON_FIELD_ERRORS else _FIELD_NAMES.get(name, name)
            by_field.setdefault(field, []).extend(messages)
    else:
        by_field[None] = list(error.messages)
    errors: list[dict[str, Any]] = [
        {"field": field, "parameter": field, "message": message}
        for field, messages in by_field.items()
        for message in messages
    ]
    if not write:
        summary = "; ".join(
            _("parameter « %(name)s »: %(message)s") % {"name": e["field"], "message": e["message"]}
            if e["field"]
            else str(e["message"])
            for e in errors
        )
        return 422, {"detail": _("Invalid request. %(summary)s") % {"summary": summary}, "errors": errors}
    summary = "; ".join(
        _("field « %(name)s »: %(message)s") % {"name": e["field"], "message": e["message"]}
        if e["field"]
        else str(e["message"])
        for e in errors
    )
    return 422, {"detail": _("The record was not saved. %(summary)s") % {"summary": summary}, "errors": errors}


# Refusals that are not about the data --------------------------------------------------------------


def body_not_readable() -> str:
    return _("The request body is not valid JSON: send an object encoded in UTF-8.")


def null_character() -> str:
    return _("This text holds a null character (U+0000), which cannot be stored. Remove it and try again.")


def not_found_here() -> str:
    return _("Nothing was found at this address.")


def too_many_requests(seconds: int | None) -> str:
    if seconds is None:
        return _("Too many requests: wait a moment, then try again.")
    return ngettext(
        "Too many requests: wait %(seconds)s second, then try again.",
        "Too many requests: wait %(seconds)s seconds, then try again.",
        seconds,
    ) % {"seconds": seconds}


def method_not_allowed(method: str, allowed: list[str]) -> str:
    return _("The method %(method)s is not accepted at this address; it accepts %(allowed)s.") % {
        "method": method,
        "allowed": ", ".join(allowed),
    }


def unexpected_error() -> str:
    return _("An unexpected error occurred. It has been logged.")
