"""`{% pagecached "part" %}…{% endpagecached %}`: a part of a cached page (see `arrimage.core.pagecache`).

The view hands the template `cached_page` (a `pagecache.Page`). When the part is cached its text is used as is
and nothing inside the tag is evaluated; otherwise the tag renders its content with the page's computed
context added, and caches it. Every block of a template that uses the computed context wraps itself in
its own part (`title`, `content`, `scripts`…).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.template.context import Context

register = template.Library()


class PageCachedNode(template.Node):
    def __init__(self, nodelist: NodeList, part: FilterExpression) -> None:
        self.nodelist = nodelist
        self.part = part

    def render(self, context: Context) -> str:
        page: Any = context.get("cached_page")
        part = str(self.part.resolve(context))

        def render(data: Any) -> str:
            with context.push(**data):
                return self.nodelist.render(context)

        if page is None:  # a template rendered without a cached page (a form's error page, say)
            return self.nodelist.render(context)
        return str(page.fragment(part, render))


@register.tag("pagecached")
def do_pagecached(parser: Parser, token: Token) -> PageCachedNode:
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"'{bits[0]}' takes one argument: the name of the part.")
    nodelist = parser.parse(("endpagecached",))
    parser.delete_first_token()
    return PageCachedNode(nodelist, parser.compile_filter(bits[1]))
