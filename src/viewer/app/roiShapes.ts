/**
 * Regions drawn on the map, written as `afmsims profile --roi` text: shapes from pointer
 * positions, moving a region, and which region lies under a point. Points are field
 * micrometres (see lib/mapFrame.ts); texts are rounded to the nanometre, so the text is the
 * region: the viewer and the CLI both profile what the text says.
 */
import { roiContains } from "../../profile/mask.js";
import { parseRoi, type RoiShape } from "../../profile/roi.js";
import type { FieldPoint } from "../lib/mapFrame.js";

export type DragTool = "circle" | "rect";

/** Micrometres, rounded to 1 nm, without a negative zero. */
function micrometres(value: number): string {
  const rounded = Number(value.toFixed(3));
  return String(rounded === 0 ? 0 : rounded);
}

export function shapeText(shape: RoiShape, unit: "um" | "px" = "um"): string {
  const numbers =
    shape.kind === "circle" ? [shape.cx, shape.cy, shape.r] : shape.kind === "rect" ? [shape.x0, shape.y0, shape.x1, shape.y1] : shape.points;
  return `${unit === "px" ? "px:" : ""}${shape.kind}:${numbers.map(micrometres).join(",")}`;
}

/**
 * The region a drag from `start` to `end` draws: a circle centred on `start` through `end`, or
 * the rectangle with those corners. Null when it would be empty at the text's precision.
 */
export function dragShapeText(tool: DragTool, start: FieldPoint, end: FieldPoint): string | null {
  if (tool === "circle") {
    const r = Number(Math.hypot(end.x - start.x, end.y - start.y).toFixed(3));
    return r > 0 ? shapeText({ kind: "circle", cx: start.x, cy: start.y, r }) : null;
  }
  const [x0, x1] = [Math.min(start.x, end.x), Math.max(start.x, end.x)];
  const [y0, y1] = [Math.min(start.y, end.y), Math.max(start.y, end.y)];
  if (Number(x0.toFixed(3)) === Number(x1.toFixed(3)) || Number(y0.toFixed(3)) === Number(y1.toFixed(3))) return null;
  return shapeText({ kind: "rect", x0, y0, x1, y1 });
}

/**
 * A polygon through `points`, consecutive repeats dropped (a double click lands twice on its
 * last vertex). Null with fewer than three distinct vertices.
 */
export function polygonText(points: readonly FieldPoint[]): string | null {
  const distinct: FieldPoint[] = [];
  for (const p of points) {
    const last = distinct[distinct.length - 1];
    if (!last || micrometres(last.x) !== micrometres(p.x) || micrometres(last.y) !== micrometres(p.y)) distinct.push(p);
  }
  while (distinct.length > 1 && micrometres(distinct[0].x) === micrometres(distinct[distinct.length - 1].x) &&
    micrometres(distinct[0].y) === micrometres(distinct[distinct.length - 1].y)) {
    distinct.pop();
  }
  if (distinct.length < 3) return null;
  return shapeText({ kind: "polygon", points: distinct.flatMap((p) => [p.x, p.y]) });
}

/** `text` shifted by `delta` micrometres, in the text's own unit. `pixelSize` is `[dy, dx]`, metres. */
export function translateRoiText(text: string, delta: FieldPoint, pixelSize: readonly [number, number]): string {
  const roi = parseRoi(text);
  const dx = roi.unit === "px" ? delta.x / (pixelSize[1] * 1e6) : delta.x;
  const dy = roi.unit === "px" ? delta.y / (pixelSize[0] * 1e6) : delta.y;
  const s = roi.shape;
  const moved: RoiShape =
    s.kind === "circle"
      ? { ...s, cx: s.cx + dx, cy: s.cy + dy }
      : s.kind === "rect"
        ? { kind: "rect", x0: s.x0 + dx, y0: s.y0 + dy, x1: s.x1 + dx, y1: s.y1 + dy }
        : { kind: "polygon", points: s.points.map((v, i) => v + (i % 2 === 0 ? dx : dy)) };
  return shapeText(moved, roi.unit);
}

/**
 * The index of the region under `point` by the mask's own inside rule, the last drawn first
 * (it is drawn on top); null when none is. Malformed texts are skipped.
 */
export function roiAt(shapes: readonly string[], point: FieldPoint, pixelSize: readonly [number, number]): number | null {
  const col = point.x / (pixelSize[1] * 1e6);
  const row = point.y / (pixelSize[0] * 1e6);
  for (let index = shapes.length - 1; index >= 0; index--) {
    let roi;
    try {
      roi = parseRoi(shapes[index]);
    } catch {
      continue;
    }
    if (roiContains(roi, pixelSize)(col, row)) return index;
  }
  return null;
}
