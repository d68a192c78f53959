/**
 * Progress of long stages on stderr: a redrawn bar on a terminal, plain lines otherwise
 * (logs and CI), throttled so that progress never costs noticeable time.
 */
export interface Progress {
  /** Starts a stage of `total` steps. */
  stage(name: string, total: number): void;
  /** Reports that `done` of the current stage's steps are complete. */
  update(done: number): void;
  /** Ends the current stage. */
  end(): void;
}

export const silentProgress: Progress = { stage() {}, update() {}, end() {} };

export function stderrProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  const isTerminal = Boolean(stream.isTTY);
  let name = "";
  let total = 1;
  let started = 0;
  let lastDraw = 0;
  let lastPlainPercent = -1;
  const draw = (done: number, final: boolean) => {
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const percent = Math.floor(fraction * 100);
    if (isTerminal) {
      const width = 30;
      const filled = Math.round(fraction * width);
      const bar = "#".repeat(filled) + "-".repeat(width - filled);
      stream.write(`\r${name.padEnd(16)} [${bar}] ${String(percent).padStart(3)}%${final ? "\n" : ""}`);
    } else if (final || (percent < 100 && percent >= lastPlainPercent + 25)) {
      // 100% is printed by end() alone, with the stage's whole time, so a log has it once.
      lastPlainPercent = percent;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      stream.write(`${name}: ${percent}% (${seconds} s)\n`);
    }
  };
  return {
    stage(stageName, stageTotal) {
      name = stageName;
      total = stageTotal;
      started = performance.now();
      lastDraw = 0;
      lastPlainPercent = -1;
      draw(0, false);
    },
    update(done) {
      const now = performance.now();
      if (now - lastDraw < 100) return;
      lastDraw = now;
      draw(done, false);
    },
    end() {
      draw(total, true);
    },
  };
}
