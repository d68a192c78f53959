import { describe, expect, it } from "vitest";
import { reconstruct } from "../../src/pipeline/reconstruct.js";
import { loadReconstructionKernels } from "../../src/pipeline/reconstruct/kernels.js";
import { resolveParams, simulate } from "../../src/sim/index.js";
import {
  INPUT_LOAD_STAGES, RECONSTRUCT_STAGES, StageProgress, VOLUME_LOAD_STAGES, type LoadProgress,
} from "../../src/viewer/app/loadProgress.js";

function recorder(stages: readonly string[], minIntervalMs = 0) {
  const seen: LoadProgress[] = [];
  return { progress: new StageProgress(stages, (update) => seen.push(update), minIntervalMs), seen };
}

describe("StageProgress", () => {
  it("counts each stage of the plan as an equal share, with updates inside a stage", () => {
    const { progress, seen } = recorder(["a", "b", "c", "d"]);
    progress.stage("a", 1);
    progress.end();
    progress.stage("b", 10);
    progress.update(5);
    progress.end();
    expect(seen).toEqual([
      { stage: "a", fraction: 0 },
      { stage: "a", fraction: 0.25 },
      { stage: "b", fraction: 0.25 },
      { stage: "b", fraction: 0.375 },
      { stage: "b", fraction: 0.5 },
    ]);
  });

  it("keeps the bar where it is for a stage the plan does not know, and never goes back", () => {
    const { progress, seen } = recorder(["a", "b", "c"]);
    progress.stage("b", 1);
    progress.end();
    progress.stage("binning", 4);
    progress.update(2);
    progress.end();
    progress.stage("a", 1);
    expect(seen.map((s) => s.fraction)).toEqual([1 / 3, 2 / 3, 2 / 3, 2 / 3, 2 / 3, 2 / 3]);
    expect(seen.map((s) => s.stage)).toEqual(["b", "b", "binning", "binning", "binning", "a"]);
  });

  it("re-plans from the current stage: a file being read turns out to be an input to reconstruct", () => {
    const { progress, seen } = recorder(VOLUME_LOAD_STAGES);
    progress.stage("reading", 1);
    progress.plan(INPUT_LOAD_STAGES);
    progress.end();
    expect(seen.at(-1)).toEqual({ stage: "reading", fraction: 1 / INPUT_LOAD_STAGES.length });
    progress.stage("dead time", 2);
    progress.update(1);
    expect(seen.at(-1)).toEqual({ stage: "dead time", fraction: 1.5 / INPUT_LOAD_STAGES.length });
    progress.plan([...INPUT_LOAD_STAGES, "more"]);
    progress.end();
    expect(seen.at(-1)).toEqual({ stage: "dead time", fraction: 2 / (INPUT_LOAD_STAGES.length + 1) });
  });

  it("throttles updates inside a stage but reports every stage change and end", () => {
    const { progress, seen } = recorder(["a", "b"], 60_000);
    progress.stage("a", 100);
    for (let done = 1; done < 100; done++) progress.update(done);
    progress.end();
    progress.stage("b", 1);
    expect(seen).toEqual([
      { stage: "a", fraction: 0 },
      { stage: "a", fraction: 0.5 },
      { stage: "b", fraction: 0.5 },
    ]);
  });

  it("names exactly the stages the reconstruction reports, in its order", async () => {
    const simulation = simulate(resolveParams({ preset: "small", seed: 4, simsPixels: 64, layers: 12 }));
    const names: string[] = [];
    const progress = { stage: (name: string) => names.push(name), update() {}, end() {} };
    reconstruct({ source: "simulated.h5", ...simulation.input }, {}, await loadReconstructionKernels(), progress);
    expect(names).toEqual([...RECONSTRUCT_STAGES]);
  });
});
