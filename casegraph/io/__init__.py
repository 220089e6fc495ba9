"""Loading and saving cases: one loader per format family, chosen by name or by sniffing.

>>> from casegraph.io import load
>>> case = load(b"caller,callee,start,duration\\n07700 900001,07700 900002,"
...             b"2024-03-01 14:05,62\\n", filename="calls.csv")
>>> sorted(case.graph.nodes), case.meta["format"]
(['phone:+447700900001', 'phone:+447700900002'], 'cdr')
"""

from .errors import LoadError
from .phases import load_phases
from .registry import formats, load, load_tables
from .save import save

__all__ = ["LoadError", "formats", "load", "load_phases", "load_tables", "save"]
