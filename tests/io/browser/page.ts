/** Test page: exposes the browser file API to playwright, which calls it with fetched fixtures. */
import { openInputFile, openVolumeFile } from "../../../src/io/h5/browser.js";

declare global {
  interface Window {
    afmsims: { openInputFile: typeof openInputFile; openVolumeFile: typeof openVolumeFile };
  }
}

window.afmsims = { openInputFile, openVolumeFile };
document.title = "ready";
