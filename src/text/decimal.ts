// Numbers typed by a person (flags, ROI specifications): plain decimal notation only. Number()
// alone also takes "0x10", "0b1", "" and " ", which nobody means as a length.
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** The value of `text` in decimal notation (surrounding blanks allowed), or NaN. */
export function parseDecimal(text: string): number {
  return DECIMAL.test(text.trim()) ? Number(text) : NaN;
}
