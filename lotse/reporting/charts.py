"""Geometry for the report's charts, drawn as inline SVG by the templates (no JavaScript, no
chart library). Every chart is built from the report's cells, so a suppressed cell is never
drawn as a bar or circle of its true size; the tables beside the charts carry the same numbers."""

import math
from typing import Any

from django.utils import formats

from lotse.reporting.report import Cell

SERIES_CLASSES = ("series-1", "series-2", "series-3", "series-4")


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    exponent = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * exponent:
            return step * exponent
    return 10 * exponent


def grouped_bars(
    categories: list[str],
    series: list[tuple[str, list[Cell]]],
    width: int = 720,
    height: int = 260,
) -> dict[str, Any]:
    """Vertical bars, one group per category (e.g. quarter), one bar per series."""
    left, right, top, bottom = 44, 8, 10, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [c.value for _label, cells in series for c in cells if c.value is not None]
    top_value = _nice_max(max(values, default=0))
    n = max(len(categories), 1)
    group_w = plot_w / n
    bar_w = max(group_w * 0.8 / max(len(series), 1), 1)
    bars, labels = [], []
    label_every = max(1, math.ceil(n / 12))
    for i, category in enumerate(categories):
        x0 = left + i * group_w + group_w * 0.1
        for s, (name, cells) in enumerate(series):
            cell = cells[i]
            if cell.value is None:
                continue
            h = plot_h * cell.value / top_value
            bars.append(
                {
                    "x": round(x0 + s * bar_w, 1),
                    "y": round(top + plot_h - h, 1),
                    "w": round(bar_w * 0.9, 1),
                    "h": round(h, 1),
                    "cls": SERIES_CLASSES[s % len(SERIES_CLASSES)],
                    "title": f"{category} – {name}: {cell.text}",
                }
            )
        if i % label_every == 0:
            labels.append({"x": round(left + (i + 0.5) * group_w, 1), "text": category})
    ticks = []
    for k in range(5):
        value = top_value * k / 4
        ticks.append(
            {
                "y": round(top + plot_h - plot_h * k / 4, 1),
                "text": formats.number_format(value, 0, force_grouping=True),
            }
        )
    return {
        "width": width,
        "height": height,
        "left": left,
        "right": width - right,
        "baseline": top + plot_h,
        "label_y": top + plot_h + 18,
        "bars": bars,
        "labels": labels,
        "ticks": ticks,
        "legend": [
            {"text": name, "cls": SERIES_CLASSES[s % len(SERIES_CLASSES)]}
            for s, (name, _cells) in enumerate(series)
        ],
    }


def horizontal_bars(items: list[tuple[str, Cell]], width: int = 800) -> dict[str, Any]:
    """One labelled bar per item (placement types, districts)."""
    label_w, value_w, row_h = 400, 70, 26
    plot_w = width - label_w - value_w
    top_value = _nice_max(max((c.value for _l, c in items if c.value is not None), default=0))
    rows = []
    for i, (label, cell) in enumerate(items):
        w = 0 if cell.value is None else plot_w * cell.value / top_value
        rows.append(
            {
                "y": i * row_h,
                "text_y": i * row_h + 17,
                "label": label,
                "w": round(w, 1),
                "value": cell.text,
                "value_x": round(label_w + w + 6, 1),
            }
        )
    return {"width": width, "height": max(len(items) * row_h, row_h), "x": label_w, "rows": rows}


def district_map(
    district_values: list[dict[str, Any]],
    width: int = 560,
    height: int = 400,
) -> dict[str, Any] | None:
    """Circles at the districts' centres (mean of their postcodes), area by value. ``None`` when
    fewer than two districts have coordinates."""
    from lotse.reference.models import District

    coordinates = {
        ags: (lat, lon)
        for ags, lat, lon in District.objects.filter(
            pk__in=[d["ags"] for d in district_values], latitude__isnull=False
        ).values_list("ags", "latitude", "longitude")
    }
    points = [(d, coordinates[d["ags"]]) for d in district_values if d["ags"] in coordinates]
    if len(points) < 2:
        return None
    lats = [lat for _d, (lat, _lon) in points]
    lons = [lon for _d, (_lat, lon) in points]
    mid_lat = math.radians((min(lats) + max(lats)) / 2)
    span_x = max((max(lons) - min(lons)) * math.cos(mid_lat), 0.01)
    span_y = max(max(lats) - min(lats), 0.01)
    margin_x, margin_y = 110, 45
    scale = min((width - 2 * margin_x) / span_x, (height - 2 * margin_y) / span_y)
    height = round(span_y * scale + 2 * margin_y)  # no empty band below a wide state
    largest = max((d["cell"].value or 0 for d, _c in points), default=0) or 1
    circles = []
    for d, (lat, lon) in points:
        value = d["cell"].value
        radius = 4 if not value else 4 + 30 * math.sqrt(value / largest)
        x = margin_x + (lon - min(lons)) * math.cos(mid_lat) * scale
        y = margin_y + (max(lats) - lat) * scale
        circles.append(
            {
                "cx": round(x, 1),
                "cy": round(y, 1),
                "r": round(radius, 1),
                "label": d["label"],
                "text": d["cell"].text,
                "hidden": d["cell"].hidden,
                "label_y": round(y + radius + 13, 1),
            }
        )
    circles.sort(key=lambda c: -c["r"])
    return {"width": width, "height": height, "circles": circles}
