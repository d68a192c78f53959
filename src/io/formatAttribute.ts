import type { ContractReader } from "./h5/contractReader.js";

export const FORMAT_VERSION = 1;

/** The root `format` attribute, or undefined when absent. */
export function declaredFormat(reader: ContractReader): string | undefined {
  return reader.string(reader.root, "format");
}

/** Refuses a file that declares another format or a newer version; an absent `format` is accepted. */
export function checkFormat(reader: ContractReader, expected: string): void {
  const format = declaredFormat(reader);
  if (format !== undefined && format !== expected) {
    throw reader.fail("", `root attribute format "${format}" is not "${expected}"`);
  }
  const version = reader.number(reader.root, "version");
  if (version !== undefined && version > FORMAT_VERSION) {
    throw reader.fail("", `${expected} version ${version} is newer than this afmsims reads (${FORMAT_VERSION})`);
  }
}
