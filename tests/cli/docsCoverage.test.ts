/**
 * The documentation cannot fall behind the command line: every flag a command's `--help` lists is
 * in the contract (CLI.md, in the shared spec beside the checkout) or in docs/cli-additions.md,
 * every flag that page documents exists, and the ranges it states are the ones `--help` states.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { Command } from "../../src/cli/command.js";
import { commands } from "../../src/cli/commands/index.js";
import { commandSections, contractRows, documentedRow, flagsIn, rangesIn, usageEntries } from "./support/usageDocs.js";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const ADDITIONS = path.join(repoRoot, "docs", "cli-additions.md");
/** The contract: `../shared/spec/CLI.md` beside the checkout, else the workspace copy. */
const CONTRACT = [path.resolve(repoRoot, "../shared/spec/CLI.md"), "/work/shared/spec/CLI.md"].find((file) => fs.existsSync(file));

const additions = commandSections(fs.readFileSync(ADDITIONS, "utf8"));
const contract = CONTRACT ? contractRows(fs.readFileSync(CONTRACT, "utf8")) : new Map<string, string>();
const loaded = new Map<string, Command>();
beforeAll(async () => {
  for (const [name, load] of Object.entries(commands)) loaded.set(name, await load());
});

/** The flags of `usage` that neither the contract's row nor the page's section mentions. */
function undocumented(usage: string, contractRow = "", section = ""): string[] {
  const documented = new Set([...flagsIn(contractRow), ...flagsIn(section)]);
  return [...flagsIn(usage)].filter((flag) => !documented.has(flag));
}

describe("the flag check itself", () => {
  it("finds a flag that nothing documents, and not the words that only look like flags", () => {
    const usage = `afmsims demo IN.h5 -o OUT.h5
  -o, --output FILE   the z-layers of afmsims-view, -N ln(1 - n/N), +-10
  --frobnicate N      between 1 and 16 nm (default 2)`;
    expect([...flagsIn(usage)]).toEqual(["-o", "--output", "--frobnicate"]);
    expect(undocumented(usage, "| `afmsims demo IN.h5 -o OUT.h5` | |", "| `--output FILE` | |")).toEqual(["--frobnicate"]);
    expect(usageEntries(usage).map((entry) => [entry.flags, rangesIn(entry.text)])).toEqual([
      [["-o", "--output"], []],
      [["--frobnicate"], ["between 1 and 16 nm"]],
    ]);
  });
});

describe.skipIf(!CONTRACT)("docs/cli-additions.md against every command's --help (skipped without ../shared/spec/CLI.md)", () => {
  it("reads the contract's rows and the page's sections", () => {
    expect(flagsIn(contract.get("reconstruct")!)).toEqual(new Set(["-o", "--json", "--dz"]));
    expect(documentedRow(additions.get("reconstruct")!, "--information-depth-nm")).toContain("between 0 and 50 nm");
  });

  it.each(Object.keys(commands))("%s: every flag of --help is in CLI.md or the page", (name) => {
    const usage = loaded.get(name)!.usage;
    expect(contract.has(name) || additions.has(name), `neither CLI.md nor docs/cli-additions.md has afmsims ${name}`).toBe(true);
    expect(undocumented(usage, contract.get(name), additions.get(name))).toEqual([]);
  });

  it.each(Object.keys(commands))("%s: every flag the page documents is one --help lists", (name) => {
    const listed = flagsIn(loaded.get(name)!.usage);
    expect([...flagsIn(additions.get(name) ?? "")].filter((flag) => !listed.has(flag))).toEqual([]);
  });

  it.each(Object.keys(commands))("%s: the page states each range --help states", (name) => {
    const section = additions.get(name) ?? "";
    for (const entry of usageEntries(loaded.get(name)!.usage)) {
      const long = entry.flags[entry.flags.length - 1];
      const documentation = documentedRow(section, long) ?? section;
      for (const range of rangesIn(entry.text)) expect(documentation, `${long}: "${range}"`).toContain(range);
    }
  });
});
