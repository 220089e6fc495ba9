"""Every format save() writes, in one table (the mirror of loaders.py)."""

from __future__ import annotations

from .cyjs import write_cyjs
from .ftm_export import write_ftm
from .gexf import write_gexf
from .graphml import write_graphml
from .i2 import write_i2
from .maltego import write_mtgx
from .save import register_writer, write_csv_zip, write_json

register_writer("graphml", "graphml", "application/graphml+xml",
                "GraphML 1.0 (yEd, Gephi, Cytoscape, networkx)")(write_graphml)
register_writer("gexf", "gexf", "application/gexf+xml",
                "GEXF 1.3 for Gephi, times and phases as spells for its timeline")(write_gexf)
register_writer("csv", "zip", "application/zip",
                "A zip of nodes.csv and edges.csv (spreadsheets, databases)")(write_csv_zip)
register_writer("json", "json", "application/json",
                "casegraph's own JSON: everything in the case")(write_json)
register_writer("cyjs", "cyjs", "application/json",
                "Cytoscape desktop JSON (File > Import > Network from File)")(write_cyjs)
register_writer("mtgx", "mtgx", "application/octet-stream",
                "Maltego graph: entity types mapped, casegraph's attributes as properties")(
    write_mtgx)
register_writer("ftm", "ftm.json", "application/json",
                "FollowTheMoney entities, one JSON object a line, for Aleph")(write_ftm)
register_writer("i2", "i2.zip", "application/zip",
                "i2 Analyst's Notebook: entities.csv and links.csv to import, types and icons "
                "named")(write_i2)
