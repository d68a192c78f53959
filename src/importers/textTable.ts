import { fileError } from "../errors.js";

export interface TextTable {
  /** `#` lines, without the `#`, in file order. */
  comments: string[];
  rows: number;
  columns: number;
  /** Row-major values. */
  values: Float64Array;
}

/** Number() plus the spellings instrument exports use for non-finite values. */
export function parseNumber(text: string): number {
  const lower = text.toLowerCase();
  if (lower === "inf" || lower === "+inf" || lower === "infinity") return Infinity;
  if (lower === "-inf" || lower === "-infinity") return -Infinity;
  if (lower === "nan") return NaN;
  return text === "" ? NaN : Number(text);
}

/** Splits text into lines, accepting LF, CRLF and CR line ends. */
export function textLines(text: string): string[] {
  return text.split(/\r\n|\n|\r/);
}

/**
 * A whitespace-, comma- or semicolon-separated table of numbers; `#` lines are comments and blank
 * lines are skipped. Every row must have the same number of values.
 */
export function parseNumberTable(file: string, text: string): TextTable {
  const comments: string[] = [];
  const values: number[] = [];
  let columns = 0;
  let rows = 0;
  const lines = textLines(text);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index].trim();
    if (line === "") continue;
    if (line.startsWith("#")) {
      comments.push(line.slice(1).trim());
      continue;
    }
    const fields = line.split(/[\s,;]+/);
    if (rows === 0) columns = fields.length;
    else if (fields.length !== columns) {
      throw fileError(file, `line ${index + 1}: ${plural(fields.length, "value")}, but the first data line has ${columns}`);
    }
    for (let c = 0; c < fields.length; c++) {
      const value = parseNumber(fields[c]);
      if (Number.isNaN(value) && fields[c].toLowerCase() !== "nan") {
        throw fileError(file, `line ${index + 1}, column ${c + 1}: "${fields[c].slice(0, 40)}" is not a number`);
      }
      values.push(value);
    }
    rows++;
  }
  if (rows === 0) throw fileError(file, "holds no data lines");
  return { comments, rows, columns, values: Float64Array.from(values) };
}

/** True when the bytes look like text (no NULs, mostly printable) in their first few kilobytes. */
export function looksLikeText(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 4096);
  if (head.length === 0) return false;
  let control = 0;
  for (const byte of head) {
    if (byte === 0) return false;
    if (byte < 9 || (byte > 13 && byte < 32)) control++;
  }
  return control === 0;
}

/** "1 value", "3 values". */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
