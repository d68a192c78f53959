/**
 * PNG of the 3D canvas without `preserveDrawingBuffer`: a capture asks for a frame and encodes
 * the canvas in the same frame, after the render pipeline (useFrame priority 1) has drawn it,
 * while the drawing buffer still holds the image.
 */
import { useFrame, useThree } from "@react-three/fiber";
import { useEffect, useRef } from "react";

export type CaptureScene = () => Promise<Blob>;

export function SceneCapture({ onReady }: { onReady: (capture: CaptureScene | null) => void }) {
  const gl = useThree((state) => state.gl);
  const invalidate = useThree((state) => state.invalidate);
  const waiting = useRef<{ resolve: (blob: Blob) => void; reject: (error: Error) => void }[]>([]);

  useEffect(() => {
    onReady(
      () =>
        new Promise<Blob>((resolve, reject) => {
          waiting.current.push({ resolve, reject });
          invalidate();
        }),
    );
    return () => onReady(null);
  }, [onReady, invalidate]);

  useFrame(() => {
    if (waiting.current.length === 0) return;
    const requests = waiting.current.splice(0);
    gl.domElement.toBlob((blob) => {
      for (const request of requests) {
        if (blob) request.resolve(blob);
        else request.reject(new Error("the 3D view could not be encoded as PNG"));
      }
    }, "image/png");
  }, 2);
  return null;
}
