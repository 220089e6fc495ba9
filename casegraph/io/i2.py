"""i2 Analyst's Notebook: a zip of two CSV files its import wizard takes, and reads back.

``entities.csv`` has one row per entity (Identity, Label, Type, Icon: the i2 entity type and
icon named in ``type_mappings.yaml``), ``links.csv`` one row per link (End 1 / End 2
identity, label and type, Link Type, Direction, Date and Time apart, as ANB keeps them).
Every other attribute is a column of its own, provenance included (as JSON text); cells a
spreadsheet would run as formulas are made inert. ``README.txt`` in the zip says how to
import the pair into Analyst's Notebook.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime
from typing import Any

from ..model import Case, link_types
from .delimited import canon, split_rows
from .errors import LoadError
from .mapping import Mapping
from .records import columns, records
from .save import csv_text
from .source import Raw
from .tabular import case_facts, tables_case
from .typemap import export_type
from .xlsx import check_unpacked

ENTITY_FIRST = ["Identity", "Label", "Type", "Icon", "casegraph type"]
LINK_FIRST = ["Link ID", "End 1 Identity", "End 1 Label", "End 1 Type", "Link Type", "Label",
              "End 2 Identity", "End 2 Label", "End 2 Type", "Direction", "Date", "Time"]
_NODE_SKIP = {"id", "label", "type", "key"}
_LINK_SKIP = {"source", "target", "key", "type", "time"}

README = """Importing this chart into i2 Analyst's Notebook
================================================

entities.csv  one row per entity: Identity (unique), Label, Type (an i2 entity type) and
              Icon (the i2 icon to draw it with), then one column per attribute.
links.csv     one row per link between two identities: End 1 Identity, End 2 Identity,
              Link Type and Label, Direction (ArrowOnHead or ArrowNone), Date and Time,
              then one column per attribute (Weight, Duration, Phase...).

In Analyst's Notebook, import entities.csv first with an import specification that maps
Identity to the entity identity, Type to the entity type and Icon to the icon, then import
links.csv with End 1 Identity and End 2 Identity as the two ends, Link Type as the link
type, Date and Time as the link's date and time. Provenance columns hold where each item
came from (JSON text). Cells starting with = + - @ were given a leading apostrophe so that
no spreadsheet runs them as formulas.
"""


def write_i2(case: Case) -> bytes:
    nodes, links = records(case)
    entity_rows = []
    ends: dict[str, tuple[str, str]] = {}
    for r in nodes:
        spec = export_type("i2", r.get("type", "other"))
        label = str(r.get("label", r["id"]))
        ends[r["id"]] = (label, spec["type"])
        row = {"Identity": r["id"], "Label": label, "Type": spec["type"], "Icon": spec["icon"],
               "casegraph type": r.get("type", "other")}
        row.update({k: v for k, v in r.items() if k not in _NODE_SKIP})
        entity_rows.append(row)
    link_rows = []
    for r in links:
        link_type = r.get("type", "link")
        row = {"Link ID": r["key"], "End 1 Identity": r["source"],
               "End 1 Label": ends[r["source"]][0], "End 1 Type": ends[r["source"]][1],
               "Link Type": link_type,
               "Label": link_types().get(link_type, {}).get("label", link_type),
               "End 2 Identity": r["target"], "End 2 Label": ends[r["target"]][0],
               "End 2 Type": ends[r["target"]][1],
               "Direction": "ArrowOnHead" if case.directed else "ArrowNone"}
        if r.get("time"):
            when = datetime.fromisoformat(str(r["time"]))
            row["Date"], row["Time"] = when.date().isoformat(), when.time().isoformat()
        row.update({k: v for k, v in r.items() if k not in _LINK_SKIP})
        link_rows.append(row)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        # Every standard column, even empty, so one ANB import specification fits every file.
        for member, rows, first in (("entities.csv", entity_rows, ENTITY_FIRST),
                                    ("links.csv", link_rows, LINK_FIRST)):
            names = first + [c for c in columns(rows, []) if c not in first]
            archive.writestr(member, csv_text(rows, names))
        archive.writestr("README.txt", README)
        archive.writestr("case.json", json.dumps({"name": case.name, "directed": case.directed}))
    return buffer.getvalue()


def read_i2(raw: Raw, name: str, options: dict[str, Any]) -> Case:
    """The zip :func:`write_i2` makes (or one made by hand with the same two files)."""
    check_unpacked(raw.data, raw.name, options["max_bytes"])
    with zipfile.ZipFile(io.BytesIO(raw.data)) as archive:
        members = {m.rsplit("/", 1)[-1].lower(): m for m in archive.namelist()}
        if "links.csv" not in members:
            raise LoadError("the i2 zip holds no links.csv", raw.name)
        tables = {}
        for member in ("entities.csv", "links.csv"):
            if member in members:
                part = Raw(archive.read(members[member]), f"{raw.name}/{member}")
                rows, lines, _ = split_rows(part.text(), part.name)
                tables[member] = (part.name, (rows, lines))
        about = case_facts(archive, members.get("case.json"))
    if about.get("name") and not options["name_given"]:
        name = str(about["name"])
    links_header = tables["links.csv"][1][0][0] if tables["links.csv"][1][0] else []
    nodes_header = tables["entities.csv"][1][0][0] if "entities.csv" in tables and \
        tables["entities.csv"][1][0] else []
    roles = {r: r for r in ("weight", "duration", "phase") if r in links_header}
    taken = {canon(c) for c in LINK_FIRST} | set(roles)
    mapping = Mapping(**roles,
        source="End 1 Identity", target="End 2 Identity", link_type_column="Link Type",
        source_label="End 1 Label", target_label="End 2 Label", source_type_column="End 1 Type",
        target_type_column="End 2 Type",
        time="Date" if "Date" in links_header else None,
        time_of_day="Time" if "Time" in links_header else None,
        attributes=[c for c in links_header if canon(c) not in taken],
        node_id="Identity", node_label="Label",
        node_type_column="casegraph type" if "casegraph type" in nodes_header else "Type",
        node_attributes=[c for c in nodes_header if c not in ENTITY_FIRST])
    directions = {row[links_header.index("Direction")] for row in tables["links.csv"][1][0][1:]
                  if "Direction" in links_header and len(row) > links_header.index("Direction")}
    directed = options.get("directed")
    if directed is None:
        directed = directions != {"ArrowNone"}
    options = dict(options, mapping=mapping, directed=directed)
    nodes = [tables["entities.csv"]] if "entities.csv" in tables else []
    case = tables_case(raw, nodes, [tables["links.csv"]], name, options)
    case.meta["format"] = "i2"
    return case
