"""The diagrams are drawn as SVG with every label present, whole, and readable (no label on another)."""

import xml.etree.ElementTree as ET

import pytest

from theory import layout, selectors, services

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
CATEGORY_CAUSES = {
    "People": 7,
    "Practices and methods": 7,
    "Curriculum and materials": 7,
    "Policies": 6,
    "Place and environment": 6,
    "Measurement": 7,
}


def drawn_labels(markup: str) -> list[str]:
    """The visible text of each label: its lines joined, as a reader sees it."""
    root = ET.fromstring(markup)
    assert root.tag == f"{SVG}svg"
    labels = []
    for text in root.iter(f"{SVG}text"):
        if "data-label" in text.attrib and not {"data-note", "data-pill"} & set(text.attrib):
            lines = [span.text or "" for span in text.findall(f"{SVG}tspan")]
            assert " ".join(lines) == " ".join(text.attrib["data-label"].split())
            labels.append(" ".join(lines))
    return labels


@pytest.fixture
def big_fishbone(personas, focus_area):
    fishbone = services.start_fishbone(
        focus_area=focus_area, by=personas.member, effect="Only 58% read fluently"
    )
    for category in fishbone.categories.all():
        for n in range(CATEGORY_CAUSES[category.name]):
            cause = services.add_cause(
                category=category, by=personas.member, text=f"{category.name}: cause number {n + 1} & <more>"
            )
            if n % 3 == 0:
                services.add_cause(
                    category=category, by=personas.member, text=f"Why {cause.pk}: a sub-cause", parent=cause
                )
            if n % 2 == 0:
                services.vote(cause=cause, by=personas.member)
    return fishbone


def test_the_fishbone_shows_every_label(big_fishbone, focus_area):
    drawn = selectors.fishbone_diagram(focus_area)
    assert len([c for c in drawn.causes if c.parent_id is None]) == 40
    labels = drawn_labels(drawn.svg(title="Fishbone"))
    assert sorted(labels) == sorted(drawn.labels())
    assert "Policies: cause number 6 & <more>" in labels  # escaped in the markup, whole on the page


def _boxes(fish: layout.FishboneLayout):
    for label in fish.labels:
        width = max(layout.text_width(line, layout.FONT) for line in label.lines)
        left = label.x - width if label.anchor == "end" else label.x - width / 2
        top = label.y - layout.FONT
        yield label.text, (left, top, left + width, top + len(label.lines) * label.line_height)


def test_forty_causes_stay_readable_no_label_overlaps_another(big_fishbone, focus_area):
    fish = selectors.fishbone_diagram(focus_area).layout()
    boxes = list(_boxes(fish))
    for i, (text_a, a) in enumerate(boxes):
        for text_b, b in boxes[i + 1 :]:
            apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
            assert apart, f"{text_a!r} overlaps {text_b!r}"
        assert a[0] >= 0 and a[1] >= 0 and a[2] <= fish.width and a[3] <= fish.height, text_a


def test_the_driver_diagram_shows_every_label_and_each_ideas_status(personas, diagram, focus_area):
    services.set_testing_status(change_idea=diagram.idea, status="testing")
    drawn = selectors.driver_diagram(focus_area)
    markup = drawn.svg(title="Driver diagram")
    headings = ["Aim", "Primary drivers", "Secondary drivers", "Change ideas"]
    assert sorted(drawn_labels(markup)) == sorted([*headings, *drawn.labels()])
    root = ET.fromstring(markup)
    pills = [" ".join(s.text for s in t) for t in root.iter(f"{SVG}text") if "data-pill" in t.attrib]
    notes = [" ".join(s.text for s in t) for t in root.iter(f"{SVG}text") if "data-note" in t.attrib]
    assert pills == ["Testing"]
    assert notes == ["no cycles yet"]
    (pill,) = [r for r in root.iter(f"{SVG}rect") if "data-status" in r.attrib]
    assert pill.attrib["data-status"] == "testing"


def test_every_text_in_the_diagrams_is_drawn_at_12_px_or_more(big_fishbone, diagram, focus_area):
    """Drawn at their natural size (the page scrolls them), so these are the sizes on screen."""
    for markup in (
        selectors.driver_diagram(focus_area).svg(title="d"),
        selectors.fishbone_diagram(focus_area).svg(title="f"),
    ):
        root = ET.fromstring(markup)
        sizes = [float(t.attrib.get("font-size", root.attrib["font-size"])) for t in root.iter(f"{SVG}text")]
        assert min(sizes) >= 12


def test_the_driver_diagram_draws_one_connector_per_link(personas, diagram, focus_area):
    services.link_drivers(primary=diagram.p2, secondary=diagram.s1, by=personas.lead)
    root = ET.fromstring(selectors.driver_diagram(focus_area).svg(title="t"))
    links = sorted(p.attrib["data-link"] for p in root.iter(f"{SVG}path"))
    p1, p2, s1, s2, i = (
        f"p{diagram.p1.pk}",
        f"p{diagram.p2.pk}",
        f"s{diagram.s1.pk}",
        f"s{diagram.s2.pk}",
        f"i{diagram.idea.pk}",
    )
    assert links == sorted([f"aim>{p1}", f"aim>{p2}", f"{p1}>{s1}", f"{p2}>{s1}", f"{p2}>{s2}", f"{s1}>{i}"])


def test_long_labels_wrap_inside_their_box():
    nodes = [layout.DiagramNode("aim", 0, "A " * 80), layout.DiagramNode("p1", 1, "x" * 200)]
    drawn = layout.layout_driver_diagram(nodes, [("aim", "p1")])
    for box in drawn.boxes:
        assert all(layout.text_width(line) <= box.width - 2 * layout.PAD for line in box.lines)
        assert "".join(box.lines).replace(" ", "") == box.text.replace(" ", "")


def test_secondary_drivers_sit_near_the_primary_they_serve():
    nodes = [
        layout.DiagramNode("aim", 0, "Aim"),
        layout.DiagramNode("p1", 1, "First"),
        layout.DiagramNode("p2", 1, "Second"),
        layout.DiagramNode("s1", 2, "Serves the second"),
        layout.DiagramNode("s2", 2, "Serves the first"),
        layout.DiagramNode("s3", 2, "Serves nothing yet"),
    ]
    drawn = layout.layout_driver_diagram(nodes, [("aim", "p1"), ("aim", "p2"), ("p2", "s1"), ("p1", "s2")])
    column = sorted((b for b in drawn.boxes if b.column == 2), key=lambda b: b.y)
    assert [b.key for b in column] == ["s2", "s1", "s3"]
