import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "../errors.js";

export type OptionSpec = NonNullable<ParseArgsConfig["options"]>;

/** Parses a command's arguments strictly; unknown flags and missing values are usage errors. */
export function parseCommandArgs(command: string, argv: string[], options: OptionSpec) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(`${command}: ${(err as Error).message}`);
  }
}

/** Reads a numeric flag, naming the flag when the value is not a finite number in range. */
export function numberFlag(
  flag: string,
  value: string | undefined,
  range: { min?: number; max?: number; integer?: boolean } = {},
): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  const { min = -Infinity, max = Infinity, integer = false } = range;
  if (value.trim() === "" || !Number.isFinite(parsed) || (integer && !Number.isInteger(parsed))) {
    throw new UsageError(`--${flag}: expected ${integer ? "an integer" : "a number"}, got "${value}"`);
  }
  if (parsed < min || parsed > max) {
    throw new UsageError(`--${flag}: ${value} is outside ${min}..${max}`);
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
