/** The bar shown while a file opens: its name, the current stage, the fraction done, and Cancel. */
import type { LoadProgress } from "./loadProgress.js";

export interface LoadProgressPanelProps {
  title: string;
  progress: LoadProgress | null;
  onCancel: () => void;
}

export function LoadProgressPanel({ title, progress, onCancel }: LoadProgressPanelProps) {
  const percent = Math.round((progress?.fraction ?? 0) * 100);
  return (
    <div
      className="load-progress"
      role="status"
      data-testid="load-progress"
      data-stage={progress?.stage ?? ""}
      data-fraction={progress?.fraction ?? 0}
    >
      <p>
        Opening {title}
        {progress && <span className="load-stage">: {progress.stage}</span>}
      </p>
      <div className="load-bar-row">
        <progress max={100} value={percent} aria-label={`Opening ${title}`} />
        <span className="load-percent">{percent}%</span>
        <button type="button" className="small-button" data-testid="cancel-load" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
