/**
 * Progress of opening a file in the viewer as one bar: the current stage's name and the fraction
 * of all stages done. The reconstruction reports its stages through the pipeline's `Progress`;
 * each stage counts equally, since their durations vary with the data.
 */
import type { Progress } from "../../cli/progress.js";

export interface LoadProgress {
  stage: string;
  /** Fraction of the whole load done, 0..1; never decreases within one plan of stages. */
  fraction: number;
}

export const READING_STAGE = "reading";
export const PREPARING_STAGE = "preparing textures";

/** The stages `reconstruct` (src/pipeline/reconstruct.ts) runs with the viewer's default options. */
export const RECONSTRUCT_STAGES = [
  "dead time", "total ion", "drift", "drift removal", "registration", "depth", "information depth", "voxel grid", "voxels",
] as const;

export const VOLUME_LOAD_STAGES = [READING_STAGE, PREPARING_STAGE] as const;
export const INPUT_LOAD_STAGES = [READING_STAGE, ...RECONSTRUCT_STAGES, PREPARING_STAGE] as const;

/** Reports every change of stage, and updates within a stage at most once per `minIntervalMs`. */
export class StageProgress implements Progress {
  private stages: readonly string[];
  private name = "";
  /** Position of the current stage in the plan; -1 for a stage the plan does not know. */
  private index = -1;
  private total = 1;
  private withinStage = 0;
  private fraction = 0;
  private lastReport = -Infinity;

  constructor(
    stages: readonly string[],
    private readonly report: (progress: LoadProgress) => void,
    private readonly minIntervalMs = 50,
  ) {
    this.stages = stages;
  }

  /**
   * Replaces the plan once the work is known (an input file turns out to need a reconstruction),
   * placing the bar at the current stage's share of the new plan: the one case it may go back.
   */
  plan(stages: readonly string[]): void {
    this.stages = stages;
    this.index = stages.indexOf(this.name);
    if (this.index >= 0) this.fraction = (this.index + this.withinStage) / stages.length;
  }

  stage(name: string, total: number): void {
    this.name = name;
    // A stage the plan does not know keeps the bar where it is, under its own name.
    this.index = this.stages.indexOf(name);
    this.total = total;
    this.emit(0, true);
  }

  update(done: number): void {
    this.emit(this.total > 0 ? Math.min(1, done / this.total) : 1, false);
  }

  end(): void {
    this.emit(1, true);
  }

  private emit(withinStage: number, always: boolean): void {
    this.withinStage = withinStage;
    if (this.index >= 0) this.fraction = Math.max(this.fraction, Math.min(1, (this.index + withinStage) / this.stages.length));
    const now = performance.now();
    if (!always && now - this.lastReport < this.minIntervalMs) return;
    this.lastReport = now;
    this.report({ stage: this.name, fraction: this.fraction });
  }
}
