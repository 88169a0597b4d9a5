"""The district map: outlines projected and simplified at import, shaded, hatched, labelled
without overlaps, with the BKG attribution."""

import json

import pytest

from lotse.reference.importers.outlines import import_outlines, project, simplify
from lotse.reference.models import District
from lotse.reporting.charts import _overlaps, district_map
from lotse.reporting.report import Cell

pytestmark = pytest.mark.django_db


def _square(lon, lat, size=0.3):
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


@pytest.fixture
def outlines(tmp_path):
    features = [
        {
            "type": "Feature",
            "properties": {"AGS": "14511", "GEN": "Chemnitz"},
            "geometry": _square(12.8, 50.8),
        },
        {
            "type": "Feature",
            "properties": {"AGS": "14713", "GEN": "Leipzig"},
            "geometry": _square(12.3, 51.3),
        },
        {
            "type": "Feature",
            "properties": {"AGS": "14612", "GEN": "Dresden"},
            "geometry": _square(13.7, 51.0),
        },
        {"type": "Feature", "properties": {"GEN": "ohne Schlüssel"}, "geometry": _square(1, 1)},
    ]
    folder = tmp_path / "bkg-vg250"
    folder.mkdir()
    (folder / "DE-counties.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8"
    )
    District.objects.create(ags="14511", name="Chemnitz, Stadt")
    return tmp_path


def test_the_import_projects_and_stores_each_outline_once(outlines):
    result = import_outlines(directory=outlines)
    assert (result.total, result.created, result.changed) == (3, 2, 1)
    assert result.details  # the feature without a key is named
    chemnitz = District.objects.get(ags="14511")
    assert chemnitz.name == "Chemnitz, Stadt"  # the name from the postcodes stays
    assert chemnitz.outline.startswith("M") and chemnitz.outline.endswith("Z")
    x0, y0 = project(12.8, 50.8)
    assert chemnitz.outline_box[0] == pytest.approx(x0, abs=0.1)
    assert chemnitz.outline_box[3] == pytest.approx(y0, abs=0.1)  # y grows southwards
    again = import_outlines(directory=outlines)
    assert (again.created, again.changed) == (0, 0)


def test_simplification_drops_points_on_a_straight_line():
    line = [(float(i), 0.0) for i in range(10)] + [(9.0, 5.0), (0.0, 0.0)]
    assert simplify(line, 0.1) == [(0.0, 0.0), (9.0, 0.0), (9.0, 5.0), (0.0, 0.0)]


def test_the_map_shades_hatches_and_credits(outlines):
    import_outlines(directory=outlines)
    values = [
        {"ags": "14511", "label": "Chemnitz", "cell": Cell("120", 120)},
        {"ags": "14713", "label": "Leipzig", "cell": Cell("< 5", None, "primary")},
        {"ags": "14612", "label": "Dresden", "cell": Cell("0", 0)},
    ]
    chart = district_map(values)
    by_ags = {item["ags"]: item for item in chart["items"]}
    assert by_ags["14713"]["cls"] == "map-hidden"
    assert by_ags["14612"]["cls"] == "map-zero"
    assert by_ags["14511"]["cls"].startswith("map-c")
    assert chart["attribution"] == "© GeoBasis-DE / BKG"
    assert chart["has_hidden"] and chart["legend"]
    assert by_ags["14713"]["text"] == "< 5"  # never the true value


def test_labels_never_overlap(outlines):
    import_outlines(directory=outlines)
    District.objects.filter(ags="14713").update(
        outline=District.objects.get(ags="14511").outline,
        outline_box=District.objects.get(ags="14511").outline_box,
        label_point=District.objects.get(ags="14511").label_point,
    )  # two districts on the same spot: their labels must still not overlap
    values = [
        {"ags": a, "label": "Landkreis mit langem Namen", "cell": Cell("12", 12)}
        for a in ("14511", "14713", "14612")
    ]
    chart = district_map(values)
    boxes = []
    for item in chart["items"]:
        if item["show_label"]:
            w = len(item["label"]) * 6.2 + 4
            boxes.append((item["tx"] - w / 2, item["ty"] - 11, item["tx"] + w / 2, item["ty"] + 15))
    assert all(not _overlaps(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


def test_no_map_without_outlines():
    assert district_map([{"ags": "99999", "label": "x", "cell": Cell("1", 1)}]) is None
