"""Loading and saving cases: one loader per format family, chosen by name or by sniffing.

>>> from casegraph.io import load
>>> case = load(b"caller,callee,start,duration\\n07700 900001,07700 900002,"
...             b"2024-03-01 14:05,62\\n", filename="calls.csv")
>>> sorted(case.graph.nodes), case.meta["format"]
(['phone:+447700900001', 'phone:+447700900002'], 'cdr')
"""

from . import loaders, writers  # noqa: F401  (register every format)
from .errors import LoadError
from .mapping import (
    JsonPresetStore,
    Mapping,
    MemoryPresetStore,
    PresetStore,
    guess_mapping,
    preset,
    presets,
)
from .phases import load_phases
from .preview import TablePreview, preview
from .registry import formats, load
from .save import dumps, save, save_formats
from .tabular import load_tables
from .twomode import project_two_mode

__all__ = ["JsonPresetStore", "LoadError", "Mapping", "MemoryPresetStore", "PresetStore",
           "TablePreview", "dumps", "formats", "guess_mapping", "load", "load_phases",
           "load_tables", "preset", "presets", "preview", "project_two_mode", "save",
           "save_formats"]
