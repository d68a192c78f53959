/**
 * The right-hand side of the page: the 3D view and, when open, the 2D panels under it. They
 * start open where there is room for both; a button over the 3D view opens and closes them.
 */
import { useLayoutEffect, useRef, useState, type ReactNode } from "react";
import { AnalysisPanels } from "./AnalysisPanels.js";
import type { LoadedVolume } from "./loadedVolume.js";

/** Below this height (CSS px) the 3D view keeps the whole height until the panels are asked for. */
const HEIGHT_FOR_PANELS = 640;

export interface WorkspaceProps {
  loaded: LoadedVolume;
  /** The 3D view. */
  children: ReactNode;
}

export function Workspace({ loaded, children }: WorkspaceProps) {
  const element = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState<boolean | null>(null);
  useLayoutEffect(() => {
    if (open === null) setOpen(element.current!.clientHeight >= HEIGHT_FOR_PANELS);
  }, [open]);
  return (
    <div className={open ? "workspace with-panels" : "workspace"} ref={element}>
      {children}
      <button type="button" className="small-button panels-toggle" aria-pressed={open === true} data-testid="toggle-panels"
        onClick={() => setOpen(!open)}>
        Map &amp; profiles
      </button>
      {open && <AnalysisPanels loaded={loaded} />}
    </div>
  );
}
