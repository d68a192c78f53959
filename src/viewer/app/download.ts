/** Saves `blob` as a download named `fileName` (a click on a temporary link). */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.click();
  // The download has taken its copy once the click is handled; the object URL can go soon after.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** `source`'s file name without folders or extension, and `name`, joined into a safe file stem. */
export function exportStem(source: string, name: string): string {
  const file = source.split(/[\\/]/).pop()!.replace(/\.[^.]*$/, "");
  return `${file}-${name}`.replace(/[^A-Za-z0-9._+-]+/g, "_");
}
