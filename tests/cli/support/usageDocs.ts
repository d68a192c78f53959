/**
 * Reading flags and ranges out of a command's `--help` text and out of the Markdown that
 * documents it (the CLI.md contract's table rows and docs/cli-additions.md's sections).
 */

/** A long or short flag, not part of a word or a path (`z-layers`, `afmsims-view`, `-N ln`). */
const FLAG = /(?<![\w-])(--[a-z][a-z0-9-]*|-[a-z])(?![\w-])/g;
/** The range phrases `describeRange` writes, with the unit when there is one. */
const RANGE = /(between \S+ and [^\s,;:)]+|at (?:least|most) [^\s,;:)]+)(?: (?:nm|um|deg|px|MB)\b)?/g;

export function flagsIn(text: string): Set<string> {
  return new Set(Array.from(text.matchAll(FLAG), (m) => m[1]));
}

export function rangesIn(text: string): string[] {
  return Array.from(text.matchAll(RANGE), (m) => m[0]);
}

/** The rows of CLI.md's command table, by command name. */
export function contractRows(markdown: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of markdown.split("\n")) {
    const match = /^\| `afmsims (\w+)/.exec(line);
    if (match) rows.set(match[1], line);
  }
  return rows;
}

/** The sections of a page headed `### \`afmsims NAME\``, by command name, up to the next heading. */
export function commandSections(markdown: string): Map<string, string> {
  const sections = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of markdown.split("\n")) {
    if (/^#{1,3} /.test(line)) {
      const name = /^### `afmsims (\w+)`/.exec(line)?.[1];
      current = name === undefined ? undefined : [];
      if (name !== undefined) sections.set(name, current!);
    } else {
      current?.push(line);
    }
  }
  return new Map(Array.from(sections, ([name, lines]) => [name, lines.join("\n")]));
}

/** Each option entry of a usage text (`  --dz NM   voxel height, ...` and its continuation lines), by its flags. */
export function usageEntries(usage: string): { flags: string[]; text: string }[] {
  const entries: { flags: string[]; text: string }[] = [];
  for (const line of usage.split("\n")) {
    const head = /^ {2}(-[a-z], )?(--?[a-z][a-z0-9-]*)/.exec(line);
    if (head) entries.push({ flags: [head[1]?.slice(0, 2), head[2]].filter((f): f is string => !!f), text: line });
    else if (/^ {3,}\S/.test(line) && entries.length > 0) entries[entries.length - 1].text += `\n${line}`;
  }
  return entries;
}

/** The table row of `section` whose first cell names `flag`. */
export function documentedRow(section: string, flag: string): string | undefined {
  const names = new RegExp(`\`${flag}[ \`]`);
  return section.split("\n").find((line) => names.test(/^\|(.*?[^\\])\|/.exec(line)?.[1] ?? ""));
}
