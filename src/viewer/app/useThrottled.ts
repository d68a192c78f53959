import { useEffect, useRef, useState } from "react";

/**
 * `value`, passed on at most once per `intervalMs` and always ending on the latest one, so a
 * costly derivation (a profile of a large region) keeps up with a drag without blocking it.
 */
export function useThrottled<T>(value: T, intervalMs: number): T {
  const [throttled, setThrottled] = useState(value);
  const lastUpdate = useRef(0);
  useEffect(() => {
    const wait = lastUpdate.current + intervalMs - performance.now();
    if (wait <= 0) {
      lastUpdate.current = performance.now();
      setThrottled(value);
      return;
    }
    const timer = setTimeout(() => {
      lastUpdate.current = performance.now();
      setThrottled(value);
    }, wait);
    return () => clearTimeout(timer);
  }, [value, intervalMs]);
  return throttled;
}
