/** The DOM events `<afmsims-viewer>` sends, with what their `detail` holds. */
import type { RegionOfInterest, ViewState } from "../viewer/app/viewState.js";

export interface LoadDetail {
  /** The volume's channel labels, in file order. */
  labels: string[];
  /** [cols, rows, nz] voxels. */
  dims: [number, number, number];
}
export interface ErrorDetail {
  message: string;
}
export interface ViewChangeDetail {
  /** The view as the `view` attribute and the viewer page's URL hash write it. */
  view: string;
  state: ViewState;
}
export interface RoiChangeDetail {
  rois: RegionOfInterest[];
}

export interface AfmsimsViewerEventMap {
  load: CustomEvent<LoadDetail>;
  error: CustomEvent<ErrorDetail>;
  "view-change": CustomEvent<ViewChangeDetail>;
  "roi-change": CustomEvent<RoiChangeDetail>;
}
