/**
 * Loads the volume from the provider and prepares it once. While another file loads, or after it
 * fails or is cancelled, the volume shown before stays on screen: progress and errors are overlays.
 */
import { Fragment, useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { queryTextureLimits } from "./gpuLimits.js";
import { loadedVolumeFrom, prepareVolume, type LoadedVolume } from "./loadedVolume.js";
import type { LoadProgress } from "./loadProgress.js";
import { LoadProgressPanel } from "./LoadProgressPanel.js";
import { isPreparedVolume, useVolumeProvider } from "./provider.js";

interface Shown {
  loaded: LoadedVolume;
  title: string;
  /** Counts the volumes shown, so that each one mounts its view afresh. */
  generation: number;
}

interface Pending {
  title: string;
  progress: LoadProgress | null;
}

export interface VolumeContainerProps {
  /** Called with the prepared volume before it is first shown (the stores take their initial state here). */
  onLoaded: (loaded: LoadedVolume) => void;
  /** Called with the message shown when the volume cannot be loaded. */
  onFailed?: (message: string) => void;
  /** Offered when nothing is shown, so that a file can be opened. */
  openButton: ReactNode;
  children: (loaded: LoadedVolume, title: string) => ReactNode;
}

export function VolumeContainer({ onLoaded, onFailed, openButton, children }: VolumeContainerProps) {
  const provider = useVolumeProvider();
  const [shown, setShown] = useState<Shown | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [error, setError] = useState<string | null>(null);
  const current = useRef<AbortController | null>(null);

  useEffect(() => {
    const abort = new AbortController();
    current.current = abort;
    const isCurrent = () => current.current === abort && !abort.signal.aborted;
    setPending({ title: provider.title, progress: null });
    setError(null);
    const fail = (message: string) => {
      setPending(null);
      setError(message);
      onFailed?.(message);
    };
    const limits = queryTextureLimits();
    if (!limits) {
      fail("This browser has no WebGL2, which the 3D view needs.");
      return;
    }
    const onProgress = (progress: LoadProgress) => {
      if (isCurrent()) setPending({ title: provider.title, progress });
    };
    provider
      .load(abort.signal, { limits, onProgress })
      .then((result) => {
        if (!isCurrent()) return;
        const loaded = isPreparedVolume(result) ? loadedVolumeFrom(result) : prepareVolume(result, limits);
        onLoaded(loaded);
        setShown((previous) => ({ loaded, title: provider.title, generation: (previous?.generation ?? 0) + 1 }));
        setPending(null);
      })
      .catch((err: unknown) => {
        if (isCurrent()) fail(err instanceof Error ? err.message : String(err));
      });
    return () => abort.abort();
  }, [provider, onLoaded, onFailed]);

  const cancel = useCallback(() => {
    current.current?.abort();
    setPending(null);
  }, []);

  const progress = pending && <LoadProgressPanel title={pending.title} progress={pending.progress} onCancel={cancel} />;
  if (!shown) {
    if (error) {
      return (
        <div className="viewer-message" role="alert">
          <p className="viewer-error" data-testid="load-error">{error}</p>
          {openButton}
        </div>
      );
    }
    return (
      <div className="viewer-message">
        {progress ?? (
          <>
            <p>No volume is open.</p>
            {openButton}
          </>
        )}
      </div>
    );
  }
  return (
    <>
      <Fragment key={shown.generation}>{children(shown.loaded, shown.title)}</Fragment>
      {(progress || error) && (
        <div className="load-overlay">
          {progress}
          {error && (
            <div className="load-error" role="alert">
              <p className="viewer-error" data-testid="load-error">{error}</p>
              <button type="button" className="small-button" onClick={() => setError(null)}>
                Dismiss
              </button>
            </div>
          )}
        </div>
      )}
    </>
  );
}
