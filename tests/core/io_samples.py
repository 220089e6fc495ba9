"""Small fictional cases the io tests write and read back."""

from casegraph.model import Case


def sample_case(directed: bool = True) -> Case:
    """A small fictional case with every kind of value the formats must keep."""
    case = Case(name="Operation Fictional Tide", directed=directed)
    ada = case.add_entity("p1", "person", "Ada Fictional", role="broker")
    bo = case.add_entity("p2", "person", "Bo Madeup, \"the Quiet One\"")
    phone = case.add_entity(None, "phone", "07700 900123")
    mail = case.add_entity(None, "email", "Courier@Example.org")
    handle = case.add_entity(None, "account", "snow_man", platform="Instagram")
    case.add_link(ada, phone, "uses", provenance={"kind": "file", "source": "intel.csv",
                                                  "format": "csv", "row": 3})
    case.add_link(phone, bo, "call", weight=1.0, time="2024-03-01T14:05:00", duration=62.0)
    case.add_link(phone, bo, "call", weight=1.0, time="2024-03-02T09:30:00", duration=5.0)
    case.add_link(ada, bo, "associate", weight=2.5, phase=3)
    case.add_link(bo, mail, "uses", phase=11)
    case.add_link(handle, ada, "link", weight=0.25, relation="knows of")
    case.positions = {ada: (1.5, -2.0), bo: (0.0, 3.25)}
    return case
