"""Region and language variables, resolved the way Hugo writes them.

A variable's template writes its value HTML-escaped (Go's html/template), so in the page body
`{{%slash%}}` becomes `Users &amp; System`; inside a shortcode's attributes and in front matter the
value goes in as it is (the shortcode's template escapes it later). Link targets then go through the
rewrite rules of the output language.
"""
from __future__ import annotations

import re

from pipeline.reading import shortcodes

# Go's html/template escaper (htmlEscaper), which the variable shortcodes' output goes through.
GO_HTML_ESCAPES = {"\0": "\ufffd", '"': "&#34;", "&": "&amp;", "'": "&#39;", "+": "&#43;", "<": "&lt;", ">": "&gt;"}
GO_HTML = re.compile("[\0\"&'+<>]")


def html_escape(value: str) -> str:
    return GO_HTML.sub(lambda m: GO_HTML_ESCAPES[m.group()], value)


class Resolver:
    """Resolves the variables of one (region, language); remembers those it has no value for."""

    def __init__(self, values: dict[str, str], structural: frozenset[str]):
        self.values = values
        self.lower = {k.lower(): v for k, v in values.items()}
        self.structural = structural
        self.missing: list[tuple[str, int]] = []  # (name, offset in the text given to `body`)

    def fresh(self) -> "Resolver":
        """A resolver of the same values whose `missing` is its own: for text read on the side (a
        heading's id, a link), so the build's list of missing variables stays the page's."""
        return Resolver(self.values, self.structural)

    def value(self, name: str, offset: int) -> str | None:
        if name in self.values:
            return self.values[name]
        found = self.lower.get(name.lower())
        if found is None:
            self.missing.append((name, offset))
        return found

    def raw(self, text: str) -> str:
        """Variables in an attribute value or front matter: the value as it is."""
        return self._substitute(text, 0, len(text), escape=False)

    def body(self, text: str, start: int) -> str:
        """Variables in text[start:]: escaped in the body, raw inside other shortcodes' arguments."""
        out, pos = [text[:start]], start
        for tag in shortcodes.scan(text, start):
            if shortcodes.is_variable(tag, self.structural):
                value = self.value(tag.name, tag.start)
                if value is None:
                    continue
                out.append(text[pos:tag.start])
                out.append(html_escape(value))
                pos = tag.end
            elif tag.args:
                inner = shortcodes.nested(text, tag)
                if any(shortcodes.is_variable(t, self.structural) for t in inner):
                    out.append(text[pos:tag.args_start])
                    out.append(self._substitute(text, tag.args_start, tag.args_start + len(tag.args), escape=False))
                    pos = tag.args_start + len(tag.args)
        out.append(text[pos:])
        return "".join(out)

    def _substitute(self, text: str, start: int, end: int, escape: bool) -> str:
        out, pos = [], start
        for tag in shortcodes.scan(text, start, end):
            if shortcodes.is_variable(tag, self.structural):
                value = self.value(tag.name, tag.start)
                if value is not None:
                    out.append(text[pos:tag.start])
                    out.append(html_escape(value) if escape else value)
                    pos = tag.end
        out.append(text[pos:end])
        return "".join(out)


class Rewriter:
    """Prefix rewrites of link, image and shortcode targets for one language."""

    TARGET = r"(\]\(\s*<?|^\s*\[[^\]]+\]:\s*<?|\b(?:href|src|url|link_href|img_src)\s*=\s*[\"'`]?)"
    FIRST = r"(?=[\]\s\[hsuli])"  # what a TARGET starts with: checked first, it makes the search a third faster

    def __init__(self, rules: list[tuple[str, str]]):
        rules = [(a, b) for a, b in rules if a != b]
        self.targets = dict(rules)
        self.pattern = None
        if rules:
            alternatives = "|".join(re.escape(a) for a, _ in sorted(rules, key=lambda r: -len(r[0])))
            self.pattern = re.compile(self.FIRST + self.TARGET + "(" + alternatives + ")", re.M)

    def apply(self, text: str, start: int) -> str:
        if self.pattern is None:
            return text
        return text[:start] + self.pattern.sub(lambda m: m.group(1) + self.targets[m.group(2)], text[start:])
