/** SI prefixes as instrument files spell them ("um" for micrometres is common). */
const PREFIXES: Record<string, number> = {
  Y: 1e24, Z: 1e21, E: 1e18, P: 1e15, T: 1e12, G: 1e9, M: 1e6, k: 1e3, h: 1e2,
  d: 1e-1, c: 1e-2, m: 1e-3, u: 1e-6, "\u00b5": 1e-6, "\u03bc": 1e-6, n: 1e-9, p: 1e-12, f: 1e-15, a: 1e-18,
};

const BASE_UNITS = new Set(["m", "A", "V", "N", "Hz", "s", "W", "F", "deg", "rad", "Ohm", "S", "C", "K", "g"]);

/**
 * Splits a unit string into its base unit and the factor to it: "um" -> ("m", 1e-6), "nA" -> ("A", 1e-9),
 * "Å" -> ("m", 1e-10). Units it does not know are kept as they are, with factor 1.
 */
export function parseUnit(unit: string): { base: string; factor: number } {
  const text = unit.trim();
  if (text === "\u00c5" || text === "\u212b" || text === "Angstrom") return { base: "m", factor: 1e-10 };
  if (BASE_UNITS.has(text)) return { base: text, factor: 1 };
  const prefix = PREFIXES[text[0]];
  const rest = text.slice(1);
  if (prefix !== undefined && BASE_UNITS.has(rest)) return { base: rest, factor: prefix };
  return { base: text, factor: 1 };
}

/** Factor from a length unit to metres, or undefined when the unit is not a length. */
export function metresPer(unit: string): number | undefined {
  const { base, factor } = parseUnit(unit);
  return base === "m" ? factor : undefined;
}

/**
 * Gwyddion's offsets place the image's outer corner; afmsims' origin is the centre of pixel (0, 0),
 * half a pixel further in. Returns `[y, x]` in metres.
 */
export function pixelCentreOrigin(yoff: number, xoff: number, pixelSize: readonly [number, number], toMetres: number): [number, number] {
  return [yoff * toMetres + pixelSize[0] / 2, xoff * toMetres + pixelSize[1] / 2];
}
