/** Where the height-map view's images come from: an AFM file the user opened, read by the importers. */
import type { ImportedImages } from "../../importers/types.js";

export interface HeightMapProvider {
  /** Shown while loading and in messages, e.g. a file name. */
  readonly title: string;
  /** Rejects with an Error whose message is fit for the user (it names the file and the problem). */
  load(): Promise<ImportedImages>;
}
