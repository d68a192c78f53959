/** Recognising and wording failures of the HDF5 library inside h5wasm. */

/** emscripten's wording when the C library calls abort(), as on some corrupt chunk indexes. */
const ABORT_PREFIX = "Aborted(";

/** True for an error raised by the HDF5 library (an error stack, or a native abort). */
export function isH5Failure(err: unknown): err is Error {
  if (!(err instanceof Error)) return false;
  return err.message.startsWith(ABORT_PREFIX) || /H5|HDF5|hdf5/.test(err.message);
}

/**
 * Why h5wasm failed, in one line. HDF5 error stacks run from the API call down to the cause
 * ("#011: H5Centry.c line 1228 in H5C__load_entry(): incorrect metadata checksum ..."), so the
 * deepest entry's message is the one that explains the failure.
 */
export function h5Problem(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  if (text.startsWith(ABORT_PREFIX)) return `the HDF5 library aborted: ${text.slice(ABORT_PREFIX.length, -1)}`;
  const causes = [...text.matchAll(/#\d+: .* in [\w.]+\(\): (.+)$/gm)];
  if (causes.length > 0) return causes[causes.length - 1][1].trim();
  const lines = text.split("\n").map((line) => line.trim());
  return lines.find((line) => line && !line.startsWith("HDF5-DIAG")) ?? lines.find(Boolean) ?? text;
}

/**
 * h5wasm prints "Aborted(...)" through a console.error it binds when it loads, and then throws
 * the same text, which readers turn into their one-line message. Imported before h5wasm (Node
 * only), this keeps that duplicate line off stderr; everything else passes through.
 */
export function dropAbortEcho(): void {
  const print = console.error;
  console.error = (...args: unknown[]) => {
    if (typeof args[0] === "string" && args[0].startsWith(ABORT_PREFIX)) return;
    print(...args);
  };
}
