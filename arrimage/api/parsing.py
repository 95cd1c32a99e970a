"""Reading what callers send: the JSON body and the query parameters of every endpoint.

PostgreSQL refuses the NUL character (U+0000) in text and in JSON, even in a query's condition, so a value
that holds one would end as a server error deep inside a service or a selector. It is refused here, once
for every endpoint, as a 422 on the field or parameter that holds it.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja.parser import Parser

from arrimage.core.text import nul_path

from .errors import null_character


class ArrimageParser(Parser):
    def parse_body(self, request: HttpRequest) -> Any:
        data = super().parse_body(request)
        refuse_nul(data)
        return data

    def parse_querydict(self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest) -> Any:
        result = super().parse_querydict(data, list_fields, request)
        refuse_nul(result)
        return result


def refuse_nul(data: Any) -> None:
    """Raise ValidationError on the first field (or parameter) of `data` that holds a NUL character."""
    place = nul_path(data)
    if place is not None:
        field = re.split(r"[.\[]", place, maxsplit=1)[0].replace("\x00", "\\u0000") if place != "$" else None
        raise ValidationError({field: [null_character()]} if field else [null_character()])
