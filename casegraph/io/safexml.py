"""XML parsing that refuses DTDs, entities and external references (bombs, XXE)."""

from __future__ import annotations

from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from .errors import LoadError


def parse(data: bytes, source: str) -> Element:
    """The root element, or a LoadError for unsafe or malformed XML."""
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise LoadError("the XML declares a DTD or entities, which are refused for safety "
                        "(they can expand without limit or read local files); expected plain "
                        "GraphML or GEXF as graph tools write it", source) from None
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise LoadError(f"not well-formed XML ({exc.msg if hasattr(exc, 'msg') else exc})",
                        source, line=line) from None


def local(tag: str) -> str:
    """A tag without its namespace: ``{http://graphml...}node`` -> ``node``."""
    return tag.rsplit("}", 1)[-1]


def children(element: Element, name: str) -> list[Element]:
    return [child for child in element if local(child.tag) == name]


def child(element: Element, name: str) -> Element | None:
    return next((c for c in element if local(c.tag) == name), None)
