/** Keeps the URL hash and the view stores in step, both ways. */
import { decodeViewState, encodeViewState } from "./hashState.js";
import { readViewState, subscribeViewState, writeViewState, type ViewerStores } from "./stores.js";

/** Store changes are written this long after the last one, so a dragged slider does not flood history. */
const WRITE_DELAY_MS = 250;

export function startHashSync(stores: ViewerStores): () => void {
  let pending: ReturnType<typeof setTimeout> | undefined;
  const writeHash = () => {
    const hash = encodeViewState(readViewState(stores));
    if (hash !== window.location.hash) window.history.replaceState(null, "", hash);
  };
  const unsubscribe = subscribeViewState(stores, () => {
    clearTimeout(pending);
    pending = setTimeout(writeHash, WRITE_DELAY_MS);
  });
  const onHashChange = () => {
    if (window.location.hash === encodeViewState(readViewState(stores))) return;
    writeViewState(stores, decodeViewState(window.location.hash, readViewState(stores)));
  };
  window.addEventListener("hashchange", onHashChange);
  return () => {
    clearTimeout(pending);
    unsubscribe();
    window.removeEventListener("hashchange", onHashChange);
  };
}
