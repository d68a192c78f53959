/** Loads the volume from the provider, prepares it once, and shows loading and error states. */
import { useEffect, useState, type ReactNode } from "react";
import { useVolumeProvider } from "./provider.js";
import { queryTextureLimits } from "./gpuLimits.js";
import { prepareVolume, type LoadedVolume } from "./loadedVolume.js";

type LoadState = { status: "loading" } | { status: "ready"; loaded: LoadedVolume } | { status: "failed"; message: string };

export interface VolumeContainerProps {
  /** Called with the prepared volume before it is first shown (the stores take their initial state here). */
  onLoaded: (loaded: LoadedVolume) => void;
  /** Called with the message shown when the volume cannot be loaded. */
  onFailed?: (message: string) => void;
  /** Offered while loading and after a failure, so another file can be opened. */
  openButton: ReactNode;
  children: (loaded: LoadedVolume) => ReactNode;
}

export function VolumeContainer({ onLoaded, onFailed, openButton, children }: VolumeContainerProps) {
  const provider = useVolumeProvider();
  const [state, setState] = useState<LoadState>({ status: "loading" });

  useEffect(() => {
    const abort = new AbortController();
    setState({ status: "loading" });
    const limits = queryTextureLimits();
    const fail = (message: string) => {
      setState({ status: "failed", message });
      onFailed?.(message);
    };
    if (!limits) {
      fail("This browser has no WebGL2, which the 3D view needs.");
      return;
    }
    provider
      .load(abort.signal)
      .then((volume) => {
        if (abort.signal.aborted) return;
        const loaded = prepareVolume(volume, limits);
        onLoaded(loaded);
        setState({ status: "ready", loaded });
      })
      .catch((error: unknown) => {
        if (!abort.signal.aborted) fail(error instanceof Error ? error.message : String(error));
      });
    return () => abort.abort();
  }, [provider, onLoaded, onFailed]);

  if (state.status === "loading") {
    return (
      <div className="viewer-message" role="status">
        <p>Loading {provider.title}…</p>
      </div>
    );
  }
  if (state.status === "failed") {
    return (
      <div className="viewer-message" role="alert">
        <p className="viewer-error" data-testid="load-error">{state.message}</p>
        {openButton}
      </div>
    );
  }
  return <>{children(state.loaded)}</>;
}
