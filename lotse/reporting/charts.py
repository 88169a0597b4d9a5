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


#: Shades of the map, light to dark (one class each in reporting.css), for five value classes.
MAP_CLASSES = ("map-c1", "map-c2", "map-c3", "map-c4", "map-c5")
ATTRIBUTION = "© GeoBasis-DE / BKG"


def _classes(values: list[float]) -> list[tuple[float, float]]:
    """Up to five value ranges of about equal numbers of districts (quantiles), each
    ``(low, high)`` inclusive."""
    values = sorted(set(values))
    if not values:
        return []
    n = min(len(MAP_CLASSES), len(values))
    bounds = [values[round(i * (len(values) - 1) / n)] for i in range(n + 1)]
    ranges, low = [], values[0]
    for high in bounds[1:]:
        if high >= low:
            ranges.append((low, high))
            low = next((v for v in values if v > high), high + 1)
    return ranges


def _overlaps(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _place_labels(items: list[dict], scale: float, size: tuple[float, float]) -> None:
    """Labels (name above value) at each district's label point; where one would overlap a
    label already placed, try above, below, left and right; if none fits, the label is left
    off the map (the table beside it has every value). Larger districts first."""
    placed: list[tuple] = []
    line_h, char_w = 13.0, 6.2
    for item in sorted(items, key=lambda i: -i["area"]):
        w = max(len(item["label"]), len(item["text"])) * char_w + 4
        h = 2 * line_h
        x, y = item["lx"], item["ly"]
        for dx, dy in ((0, 0), (0, -h * 0.8), (0, h * 0.8), (-w * 0.6, 0), (w * 0.6, 0)):
            box = (x + dx - w / 2, y + dy - h / 2, x + dx + w / 2, y + dy + h / 2)
            inside = box[0] >= 0 and box[1] >= 0 and box[2] <= size[0] and box[3] <= size[1]
            if inside and not any(_overlaps(box, other) for other in placed):
                placed.append(box)
                item.update(tx=round(x + dx, 1), ty=round(y + dy - 2, 1), show_label=True)
                item["ty2"] = round(item["ty"] + line_h, 1)
                break
        else:
            # No room for the name: the value alone, if it fits at the point itself.
            w = len(item["text"]) * char_w + 4
            box = (x - w / 2, y - line_h / 2, x + w / 2, y + line_h / 2)
            fits = not any(_overlaps(box, other) for other in placed)
            item.update(show_label=False, value_only=fits, tx=round(x, 1), ty2=round(y + 4, 1))
            if fits:
                placed.append(box)


def district_map(district_values: list[dict[str, Any]], width: int = 560) -> dict[str, Any] | None:
    """The districts drawn from their outlines (``District.outline``, projected and simplified
    at import), shaded by value in up to five classes with a legend, suppressed districts
    hatched, labels that do not overlap. ``None`` when fewer than two districts have an
    outline."""
    from lotse.reference.models import District

    shapes = {
        ags: (outline, box, point)
        for ags, outline, box, point in District.objects.filter(
            pk__in=[d["ags"] for d in district_values]
        )
        .exclude(outline="")
        .values_list("ags", "outline", "outline_box", "label_point")
    }
    rows = [d for d in district_values if d["ags"] in shapes]
    if len(rows) < 2:
        return None
    boxes = [shapes[d["ags"]][1] for d in rows]
    min_x, min_y = min(b[0] for b in boxes), min(b[1] for b in boxes)
    max_x, max_y = max(b[2] for b in boxes), max(b[3] for b in boxes)
    margin = 6
    scale = (width - 2 * margin) / max(max_x - min_x, 1)
    height = round((max_y - min_y) * scale + 2 * margin)
    ranges = _classes([d["cell"].value for d in rows if d["cell"].value])
    items = []
    for d in rows:
        outline, box, point = shapes[d["ags"]]
        cell = d["cell"]
        if cell.hidden:
            cls = "map-hidden"
        elif not cell.value:
            cls = "map-zero"
        else:
            index = next(i for i, (lo, hi) in enumerate(ranges) if lo <= cell.value <= hi)
            cls = MAP_CLASSES[index + len(MAP_CLASSES) - len(ranges)]
        px, py = point or ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
        items.append(
            {
                "ags": d["ags"],
                "path": outline,
                "cls": cls,
                "label": d["label"],
                "text": cell.text,
                "lx": margin + (px - min_x) * scale,
                "ly": margin + (py - min_y) * scale,
                "area": (box[2] - box[0]) * (box[3] - box[1]),
            }
        )
    _place_labels(items, scale, (width, height))
    legend = [
        {
            "cls": MAP_CLASSES[i + len(MAP_CLASSES) - len(ranges)],
            "text": _n_range(lo, hi),
        }
        for i, (lo, hi) in enumerate(ranges)
    ]
    return {
        "width": width,
        "height": height,
        "transform": f"translate({margin - min_x * scale:.2f} {margin - min_y * scale:.2f}) "
        f"scale({scale:.4f})",
        "stroke": round(1.2 / scale, 3),
        "items": items,
        "legend": legend,
        "has_hidden": any(i["cls"] == "map-hidden" for i in items),
        "has_zero": any(i["cls"] == "map-zero" for i in items),
        "attribution": ATTRIBUTION,
    }


def _n_range(low: float, high: float) -> str:
    fmt = lambda v: formats.number_format(v, 0, force_grouping=True)  # noqa: E731
    return fmt(low) if low == high else f"{fmt(low)} – {fmt(high)}"
