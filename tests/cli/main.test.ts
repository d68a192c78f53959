import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { silentProgress } from "../../src/cli/progress.js";

async function run(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const status = await main(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    progress: silentProgress,
  });
  return { status, stdout, stderr };
}

describe("command-line dispatch", () => {
  it("prints usage on stderr and exits 2 without a command", async () => {
    const { status, stdout, stderr } = await run([]);
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^usage: afmsims <command>/);
  });

  it("prints usage on stdout and exits 0 when asked for it", async () => {
    for (const ask of ["--help", "-h", "help"]) {
      const { status, stdout, stderr } = await run([ask]);
      expect(status, ask).toBe(0);
      expect(stderr, ask).toBe("");
      expect(stdout, ask).toMatch(/^usage: afmsims <command>/);
    }
  });

  it("rejects an unknown command with one line and exit status 2", async () => {
    const { status, stderr } = await run(["frobnicate"]);
    expect(status).toBe(2);
    expect(stderr).toBe('afmsims: unknown command "frobnicate" (see afmsims --help)\n');
  });

  it("prints its version", async () => {
    const { status, stdout } = await run(["--version"]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^afmsims \d+\.\d+\.\d+\n$/);
  });
});
