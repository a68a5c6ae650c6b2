"""Read a page as a browser would and list what could execute in it.

Used by the security tests: a page passes when it has no inline script other
than JSON-LD data blocks, no inline event handler, no ``style`` attribute, no
``javascript:`` (or other scriptable) URL, and every JSON-LD block parses.
"""

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "poster", "data", "xlink:href"}
SCRIPTABLE_SCHEMES = ("javascript:", "vbscript:", "data:text/html")


def _scheme(url):
    # Browsers ignore ASCII whitespace and control characters inside a scheme.
    compact = "".join(ch for ch in url if ch > " ").lower()
    return compact


@dataclass
class Audit:
    inline_scripts: list = field(default_factory=list)
    external_scripts: list = field(default_factory=list)
    jsonld: list = field(default_factory=list)
    event_handlers: list = field(default_factory=list)
    style_attributes: list = field(default_factory=list)
    scriptable_urls: list = field(default_factory=list)
    elements: list = field(default_factory=list)

    @property
    def problems(self):
        return {
            name: value
            for name, value in {
                "inline scripts": self.inline_scripts,
                "event handlers": self.event_handlers,
                "style attributes": self.style_attributes,
                "scriptable urls": self.scriptable_urls,
            }.items()
            if value
        }


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.audit = Audit()
        self._script = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.audit.elements.append((tag, attributes))
        for name, value in attrs:
            if name.startswith("on"):
                self.audit.event_handlers.append((tag, name, value))
            if name == "style":
                self.audit.style_attributes.append((tag, value))
            if name in URL_ATTRIBUTES and value and _scheme(value).startswith(SCRIPTABLE_SCHEMES):
                self.audit.scriptable_urls.append((tag, name, value))
        if tag == "script":
            self._script = {"attrs": attributes, "text": []}

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def handle_data(self, data):
        if self._script is not None:
            self._script["text"].append(data)

    def handle_endtag(self, tag):
        if tag != "script" or self._script is None:
            return
        attrs, text = self._script["attrs"], "".join(self._script["text"])
        self._script = None
        if attrs.get("type") == "application/ld+json":
            self.audit.jsonld.append(text)
        elif attrs.get("src"):
            self.audit.external_scripts.append(attrs["src"])
        else:
            self.audit.inline_scripts.append(text)


def audit_html(html):
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.audit


def jsonld_documents(audit):
    """Every JSON-LD block parsed; a block that does not parse raises ValueError."""
    return [json.loads(text) for text in audit.jsonld]
