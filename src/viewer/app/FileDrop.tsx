/**
 * "Open volume…" button and a drop target over the whole viewer for afmsims files (volumes and
 * inputs), AFM images and SurfaceLab profiles (openByKind.ts tells them apart).
 */
import { useRef, useState, type ReactNode } from "react";

export function OpenFileButton({ onOpen }: { onOpen: (file: File) => void }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className="small-button open-button" onClick={() => input.current?.click()}>
        Open volume…
      </button>
      <input
        ref={input}
        type="file"
        accept=".h5,.hdf5,.hdf,.tif,.tiff,.gwy,.gsf,.txt,.xyz,.asc,.dat"
        hidden
        data-testid="open-file"
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          event.currentTarget.value = "";
          if (file) onOpen(file);
        }}
      />
    </>
  );
}

export function FileDropZone({ onOpen, children }: { onOpen: (file: File) => void; children: ReactNode }) {
  const [dragging, setDragging] = useState(false);
  return (
    <div
      className={dragging ? "viewer dragging" : "viewer"}
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes("Files")) return;
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(event) => {
        if (event.currentTarget === event.target) setDragging(false);
      }}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        const file = event.dataTransfer.files[0];
        if (file) onOpen(file);
      }}
    >
      {children}
      {dragging && <div className="drop-hint">Drop an afmsims volume or input, an AFM image or a SurfaceLab profile to open it</div>}
    </div>
  );
}
