import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "../errors.js";
import { parseDecimal } from "../text/decimal.js";

export type OptionSpec = NonNullable<ParseArgsConfig["options"]>;

/** Parses a command's arguments strictly; unknown flags and missing values are usage errors. */
export function parseCommandArgs(command: string, argv: string[], options: OptionSpec) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    // Node explains some mistakes (a value starting with "-") over several lines; the CLI prints one.
    const message = (err as Error).message.split("\n").map((line) => line.trim()).filter(Boolean).join(" ");
    throw new UsageError(`${command}: ${message}`);
  }
}

/** The values a numeric flag accepts, in the unit the user writes it in. */
export interface NumberRange {
  min?: number;
  max?: number;
  integer?: boolean;
  /** The flag's unit ("nm", "um", ...), named with the range in messages and help. */
  unit?: string;
}

/** The range in words, e.g. "between 0 and 50 nm" or "at least 1". */
export function describeRange({ min = -Infinity, max = Infinity, unit }: NumberRange): string {
  const suffix = unit ? ` ${unit}` : "";
  if (Number.isFinite(min) && Number.isFinite(max)) return `between ${min} and ${max}${suffix}`;
  if (Number.isFinite(min)) return `at least ${min}${suffix}`;
  if (Number.isFinite(max)) return `at most ${max}${suffix}`;
  return "any number";
}

/** Reads a numeric flag, naming the flag and its range when the value is not a number in range. */
export function numberFlag(flag: string, value: string | undefined, range: NumberRange = {}): number | undefined {
  if (value === undefined) return undefined;
  const parsed = parseDecimal(value);
  const { min = -Infinity, max = Infinity, integer = false } = range;
  if (!Number.isFinite(parsed) || (integer && !Number.isInteger(parsed))) {
    throw new UsageError(`--${flag}: expected ${integer ? "an integer" : "a number"}, got "${value}"`);
  }
  if (parsed < min || parsed > max) {
    throw new UsageError(`--${flag}: must be ${describeRange(range)}, got ${value.trim()}`);
  }
  return parsed;
}

/** Exactly `count` positional arguments, named in the message when they are missing. */
export function positionals(command: string, values: string[], names: string[]): string[] {
  if (values.length < names.length) {
    throw new UsageError(`${command}: missing ${names.slice(values.length).join(", ")}`);
  }
  if (values.length > names.length) {
    throw new UsageError(`${command}: unexpected argument "${values[names.length]}"`);
  }
  return values;
}

/**
 * A comma-separated list of channel labels. An empty or repeated label is refused: a repeated
 * one would select (or store) the same channel twice under one name.
 */
export function labelListFlag(flag: string, value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const labels = value.split(",").map((label) => label.trim());
  if (labels.includes("")) throw new UsageError(`--${flag}: empty label in the list`);
  const repeated = labels.find((label, index) => labels.indexOf(label) !== index);
  if (repeated !== undefined) throw new UsageError(`--${flag}: "${repeated}" is listed twice`);
  return labels;
}
