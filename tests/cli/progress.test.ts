/** The plain-line progress of a log (stderr not a terminal): each stage ends in exactly one 100% line. */
import { describe, expect, it } from "vitest";
import { stderrProgress } from "../../src/cli/progress.js";

function plainLog() {
  const lines: string[] = [];
  const stream = { isTTY: false, write: (text: string) => lines.push(text) } as unknown as NodeJS.WriteStream;
  return { lines, progress: stderrProgress(stream) };
}

describe("stderr progress without a terminal", () => {
  it("prints a stage's 100% once when its last update already reached the total", () => {
    const { lines, progress } = plainLog();
    progress.stage("writing", 10);
    progress.update(10);
    progress.end();
    expect(lines.filter((line) => line.startsWith("writing: 100%"))).toHaveLength(1);
    expect(lines.at(-1)).toMatch(/^writing: 100% \(\d+\.\d s\)\n$/);
  });

  it("prints the quarters it passes, then 100% at the end", () => {
    const { lines, progress } = plainLog();
    progress.stage("depth", 4);
    progress.update(1);
    progress.end();
    expect(lines.map((line) => line.split(" (")[0])).toEqual(["depth: 25%", "depth: 100%"]);
  });
});
