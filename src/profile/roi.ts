import { UsageError } from "../errors.js";
import { parseDecimal } from "../text/decimal.js";

/**
 * Region-of-interest specs of `afmsims profile --roi` (CLI.md): `circle:CX,CY,R`,
 * `rect:X0,Y0,X1,Y1` or `polygon:X1,Y1,X2,Y2,...`, in micrometres of the SIMS field (origin at
 * the centre of pixel (0,0), x along columns, y along rows), or with a `px:` prefix in SIMS
 * pixels. Parsing yields the shape in pixel coordinates once the pixel size is known.
 */
export type RoiShape =
  | { kind: "circle"; cx: number; cy: number; r: number }
  | { kind: "rect"; x0: number; y0: number; x1: number; y1: number }
  | { kind: "polygon"; points: number[] };

export interface RoiSpec {
  /** The text as the user gave it, for messages and the CSV header. */
  text: string;
  unit: "um" | "px";
  shape: RoiShape;
}

export function parseRoi(text: string): RoiSpec {
  const bad = (problem: string) => new UsageError(`--roi "${text}": ${problem}`);
  const trimmed = text.trim();
  const pixels = trimmed.startsWith("px:");
  const body = pixels ? trimmed.slice(3) : trimmed;
  const colon = body.indexOf(":");
  if (colon < 0) throw bad("expected circle:CX,CY,R, rect:X0,Y0,X1,Y1 or polygon:X1,Y1,X2,Y2,... (optionally after px:)");
  const kind = body.slice(0, colon).trim().toLowerCase();
  const fields = body.slice(colon + 1).split(",").map((s) => s.trim());
  const numbers = fields.map(parseDecimal);
  const notNumber = numbers.findIndex((n) => !Number.isFinite(n));
  if (notNumber >= 0) throw bad(`"${fields[notNumber]}" is not a number`);
  const unit = pixels ? "px" : "um";
  switch (kind) {
    case "circle": {
      if (numbers.length !== 3) throw bad(`a circle needs CX,CY,R (3 numbers), got ${numbers.length}`);
      const [cx, cy, r] = numbers;
      if (!(r > 0)) throw bad("the radius must be positive");
      return { text, unit, shape: { kind, cx, cy, r } };
    }
    case "rect": {
      if (numbers.length !== 4) throw bad(`a rectangle needs X0,Y0,X1,Y1 (4 numbers), got ${numbers.length}`);
      const [x0, y0, x1, y1] = numbers;
      return {
        text,
        unit,
        shape: { kind, x0: Math.min(x0, x1), y0: Math.min(y0, y1), x1: Math.max(x0, x1), y1: Math.max(y0, y1) },
      };
    }
    case "polygon": {
      if (numbers.length < 6 || numbers.length % 2 !== 0) {
        throw bad(`a polygon needs at least 3 X,Y vertices (an even count of 6 or more numbers), got ${numbers.length}`);
      }
      return { text, unit, shape: { kind, points: numbers } };
    }
    default:
      throw bad(`unknown shape "${kind}" (circle, rect or polygon)`);
  }
}
