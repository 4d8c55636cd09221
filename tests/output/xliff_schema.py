"""The XLIFF 1.2 strict schema (tests/data/xliff), loaded without the network."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import lxml.etree

SCHEMAS = Path(__file__).parents[1] / "data" / "xliff"


class _Local(lxml.etree.Resolver):
    """The XLIFF schema imports http://www.w3.org/2001/xml.xsd: the copy beside it."""

    def resolve(self, url, pubid, context):  # type: ignore[no-untyped-def]
        if url.endswith("/xml.xsd") or url == "xml.xsd":
            return self.resolve_filename(str(SCHEMAS / "xml.xsd"), context)
        return None


@cache
def xliff_schema() -> lxml.etree.XMLSchema:
    parser = lxml.etree.XMLParser(no_network=True)
    parser.resolvers.add(_Local())
    return lxml.etree.XMLSchema(lxml.etree.parse(str(SCHEMAS / "validate.xsd"), parser))


def assert_valid(path: Path) -> None:
    schema = xliff_schema()
    ok = schema.validate(lxml.etree.parse(str(path)))
    assert ok, "\n".join(str(e) for e in schema.error_log)
