"""Server-side pictures: banner, one shape per visible node, PNG size, determinism."""

import io
import re

import pytest
from PIL import Image

from casegraph.analysis import analyse
from casegraph.elements import scale_positions
from casegraph.model import Case
from casegraph.picture import (
    COMMUNITY_PALETTE,
    OTHER_COMMUNITY,
    Banner,
    View,
    Viewport,
    community_colour,
    plain_text,
    render_view,
    visible_nodes,
)
from casegraph.samples import sample_cases

BANNER = Banner(case_number="CG-2026-0042", classification="OFFICIAL-SENSITIVE",
                analyst="DC A. Example", at="2026-11-29T10:15:00Z",
                sources=("calls.csv", "records lookup (phone)"), title="Demo ring")


def small_case() -> Case:
    case = Case(name="Demo ring")
    case.add_entity("p1", "person", "Ash Example")
    case.add_entity("p2", "person", "Bay Example")
    case.add_entity("ph", "phone", "07700 900123")
    case.add_entity("acc", "account", "snow_man", platform="instagram")
    case.add_link("p1", "ph", "uses")
    case.add_link("p2", "ph", "call")
    case.add_link("p2", "ph", "call")
    case.add_link("p1", "acc", "owns")
    case.positions = {"p1": (0.0, 0.0), "p2": (200.0, 0.0), "ph": (100.0, 100.0),
                      "acc": (0.0, 200.0)}
    return case


def shapes(svg: str) -> list[str]:
    return re.findall(r'class="node" data-id="([^"]*)"', svg)


def test_svg_has_banner_texts_and_one_shape_per_node():
    svg = render_view(small_case(), View(), banner=BANNER).decode()
    assert svg.startswith("<svg")
    for text in ("CG-2026-0042", "OFFICIAL-SENSITIVE", "DC A. Example",
                 "2026-11-29T10:15:00Z", "calls.csv", "records lookup (phone)", "Demo ring"):
        assert text in svg
    # marking at the top and the bottom of the picture
    assert svg.count(">OFFICIAL-SENSITIVE<") == 2
    assert sorted(shapes(svg)) == sorted(["p1", "p2", "ph", "acc"])
    # persons are circles, the others rounded squares
    assert len(re.findall(r'<circle class="node"', svg)) == 2
    assert len(re.findall(r'<rect class="node"', svg)) == 2


def test_filters_hide_nodes_and_their_links():
    case = small_case()
    view = View(hidden_types=("account",))
    assert visible_nodes(case, view) == ["p1", "p2", "ph"]
    svg = render_view(case, view, banner=BANNER).decode()
    assert sorted(shapes(svg)) == ["p1", "p2", "ph"]
    assert svg.count("<line x1=") == 2 + 2  # two links drawn + two legend samples
    assert "3 of 4 entities shown" in svg
    only = render_view(case, View(only=("p1", "ph"), min_degree=1), banner=BANNER).decode()
    assert sorted(shapes(only)) == ["p1", "ph"]
    degree2 = visible_nodes(case, View(min_degree=2))
    assert degree2 == ["p1", "ph"]


def test_viewport_draws_only_what_it_covers():
    case = small_case()
    model = scale_positions(case.positions)
    x, y = model["p1"]
    # a cytoscape viewport centred on p1 at zoom 10 in a 400 x 300 box: 40 x 30 model px
    port = Viewport(pan_x=200 - 10 * x, pan_y=150 - 10 * y, zoom=10.0, width=400, height=300)
    svg = render_view(case, View(viewport=port), banner=BANNER).decode()
    assert shapes(svg) == ["p1"]


def test_hubs_colours_and_labels():
    case = small_case()
    svg = render_view(case, View(hubs=("ph",), labels="all"), banner=BANNER).decode()
    assert re.search(r'class="node" data-id="ph"[^>]*stroke="#111827"', svg)  # the hub ring
    assert svg.count('class="label"') == 4
    assert "Highlighted hub (1)" in svg
    none = render_view(case, View(labels="none"), banner=BANNER).decode()
    assert 'class="label"' not in none
    analysis = analyse(case)
    by_cluster = render_view(case, View(colour_by="community"), banner=BANNER,
                             analysis=analysis).decode()
    for node, cluster in analysis.communities.items():
        colour = community_colour(cluster)
        assert re.search(rf'data-id="{re.escape(node)}"[^>]*fill="{colour}"', by_cluster)
    assert community_colour(0) == COMMUNITY_PALETTE[0]
    assert community_colour(len(COMMUNITY_PALETTE)) == OTHER_COMMUNITY


def test_labels_are_escaped_and_emoji_drawn_from_the_emoji_font():
    case = small_case()
    case.graph.nodes["p1"]["label"] = 'A <b>&"x" \u2744\ufe0f'
    svg = render_view(case, View(labels="all"), banner=BANNER).decode()
    assert "A &lt;b&gt;&amp;\"x\" " in svg and "<b>" not in svg
    # the snowflake is a picture of Noto Color Emoji's glyph, not an empty box
    image = re.search(r'<image [^>]*href="data:image/png;base64,([^"]+)"', svg)
    assert image is not None
    png = Image.open(io.BytesIO(__import__("base64").b64decode(image.group(1))))
    colours = png.convert("RGBA").getcolors(1 << 16)
    assert len([c for c in colours if c[1][3] > 200]) > 20  # a coloured glyph
    assert plain_text("ok \U0001F36C") == "ok [candy]"  # where no emoji font is found


def test_png_decodes_at_three_times_the_size():
    png = render_view(small_case(), View(width=800, height=500), fmt="png", banner=BANNER)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.size == (2400, 1500)
    # the banner strip is dark, the diagram background white
    rgb = image.convert("RGB")
    assert rgb.getpixel((5, 5)) == (31, 41, 55)
    assert rgb.getpixel((60, 600)) == (255, 255, 255)
    png4 = render_view(small_case(), View(width=800, height=500), fmt="png", scale=4,
                       banner=BANNER)
    assert Image.open(io.BytesIO(png4)).size == (3200, 2000)


def test_same_case_view_and_banner_give_identical_bytes():
    view = View(colour_by="community", size_by="betweenness", top_hubs=2)
    first = render_view(small_case(), view, banner=BANNER)
    second = render_view(small_case(), view, banner=BANNER)
    assert first == second
    assert (render_view(small_case(), view, banner=BANNER, fmt="png")
            == render_view(small_case(), view, banner=BANNER, fmt="png"))
    later = Banner(**{**BANNER.__dict__, "at": "2026-11-29T10:16:00Z"})
    assert render_view(small_case(), view, banner=later) != first


def test_view_from_saved_dashboard_state():
    view = View.from_dict({"measure": "pagerank", "topk": 3, "colour_by": "community",
                           "hidden_types": ["post"], "pan": {"x": 10, "y": 20}, "zoom": 1.5,
                           "viewport_width": 900, "viewport_height": 600, "junk": 1})
    assert view.size_by == "pagerank" and view.top_hubs == 3
    assert view.hidden_types == ("post",)
    assert view.viewport == Viewport(10.0, 20.0, 1.5, 900.0, 600.0)


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="unknown picture format"):
        render_view(small_case(), fmt="gif", banner=BANNER)


@pytest.mark.parametrize("sample_id", ["caviar", "socmint-grumbleford"])
def test_sample_pictures(sample_id):
    spec = next(s for s in sample_cases() if s.id == sample_id)
    case = spec.build()
    svg = render_view(case, View(top_hubs=5), banner=Banner.for_case(
        case, analyst="A. Analyst", at="2026-11-29T10:15:00Z")).decode()
    assert len(shapes(svg)) == case.graph.number_of_nodes()
    assert "Positions computed for this picture" in svg  # the built sample has none stored
    assert "Highlighted hub (5)" in svg


def marked_case() -> Case:
    case = small_case()
    case.graph.nodes["p1"]["tag"] = "suspect"
    case.graph.nodes["p2"]["note"] = "Seen at the depot on 3 May"
    return case


def test_tags_marks_notes_and_caption_are_drawn_and_explained():
    view = View(labels="auto", marks={"ov-path": ["p1", "ph", ["p1", "ph"]],
                                      "cut": ["ph"], "removed": ["acc"]},
                showing=({"kind": "path", "label": "Shortest path: Ash Example to 07700 900123"},
                         "Arrest set: 1 person"))
    svg = render_view(marked_case(), view, banner=BANNER).decode()
    from casegraph.theme import marks, tags

    assert f'stroke="{tags()["suspect"]["colour"]}"' in svg and "Suspect  (1)" in svg
    for mark, count in (("path", 2), ("cut", 1), ("removed", 1)):
        assert f'class="mark mark-{mark}"' in svg
        assert f"{marks()[mark]['label']}  ({count})" in svg
    assert "Single point of failure" in svg and "Recommended target" not in svg
    assert f'stroke="{marks()["path"]["colour"]}"/>' in svg  # the path's link
    assert "Showing: Shortest path: Ash Example to 07700 900123 · Arrest set: 1 person" in svg
    assert "Bay Example: Seen at the depot on 3 May" in svg
    plain = render_view(small_case(), View(), banner=BANNER).decode()
    assert "Showing:" not in plain and "Marks" not in plain and "Tags" not in plain


def test_legend_lists_only_cluster_colours_present():
    case = small_case()
    analysis = analyse(case)
    svg = render_view(case, View(colour_by="community"), banner=BANNER,
                      analysis=analysis).decode()
    clusters = sorted(set(analysis.communities.values()))
    assert all(f"Cluster {c + 1}  (" in svg for c in clusters)
    assert f"Cluster {max(clusters) + 2}  (" not in svg


def test_server_layout_draws_labels_where_the_layout_left_room():
    from casegraph.layout import layout_case

    case = next(s for s in sample_cases() if s.id == "siren").build()
    layout_case(case)
    svg = render_view(case, View(top_hubs=5), banner=BANNER).decode()
    # every entity of a small case is labelled at the fitted size, none with less than 10 px
    sizes = [float(v) for v in re.findall(r'class="label" x="[^"]*" y="[^"]*" '
                                          r'font-size="([0-9.]+)"', svg)]
    assert len(sizes) == case.graph.number_of_nodes()
    assert min(sizes) >= 10
