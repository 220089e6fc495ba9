"""The diagram's stylesheet is made once per revision and controls: an expansion compares
the new revision's sheet with the one on screen without making that one again."""

from __future__ import annotations

from components import diagram


def icon(path: str) -> str:
    return "/assets/" + path


def test_a_revisions_sheet_is_made_once_for_the_same_controls(ana, monkeypatch):
    made = []
    real = diagram.view_stylesheet

    def counting(*args, **kwargs):
        made.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(diagram, "view_stylesheet", counting)
    args = ("degree", "type", 5, None, None, 0)
    first = diagram.kept_stylesheet(ana.ws, ana.store, icon, *args, panel=(546.0, 503.0))
    again = diagram.kept_stylesheet(ana.ws, ana.store, icon, *args, panel=(546.0, 503.0))
    assert again is first and len(made) == 1
    # other controls, another panel: made anew, and right for them
    other = diagram.kept_stylesheet(ana.ws, ana.store, icon, "betweenness", "type", 5, None,
                                    None, 0, panel=(546.0, 503.0))
    wider = diagram.kept_stylesheet(ana.ws, ana.store, icon, *args, panel=(900.0, 560.0))
    assert len(made) == 3
    assert other == real(ana.ws, ana.store, icon, "betweenness", "type", 5, None, None, 0,
                         panel=(546.0, 503.0))
    assert wider == real(ana.ws, ana.store, icon, *args, panel=(900.0, 560.0))
