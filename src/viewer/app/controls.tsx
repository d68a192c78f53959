/** Small labelled form controls shared by the panels. */
import type { ReactNode } from "react";

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="panel-section">
      <h2>{title}</h2>
      {children}
    </section>
  );
}

export interface SliderProps {
  label: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  /** The readout next to the label. */
  format?: (value: number) => string;
  onChange: (value: number) => void;
  testId?: string;
}

export function Slider({ label, value, min, max, step, format, onChange, testId }: SliderProps) {
  return (
    <label className="slider">
      <span className="slider-label">
        {label}
        <output>{format ? format(value) : value}</output>
      </span>
      <input
        type="range"
        min={min}
        max={max}
        step={step ?? (max - min) / 200}
        value={value}
        data-testid={testId}
        onChange={(event) => onChange(Number(event.currentTarget.value))}
      />
    </label>
  );
}

export function Segmented<T extends string>({
  options,
  value,
  onChange,
  testId,
}: {
  options: readonly { value: T; label: string }[];
  value: T;
  onChange: (value: T) => void;
  testId?: string;
}) {
  return (
    <div className="segmented" role="radiogroup" data-testid={testId}>
      {options.map((option) => (
        <button
          key={option.value}
          type="button"
          role="radio"
          aria-checked={option.value === value}
          className={option.value === value ? "active" : ""}
          onClick={() => onChange(option.value)}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}

/** Shortest readable form of a count or length for slider readouts. */
export function formatValue(value: number): string {
  if (value === 0) return "0";
  const magnitude = Math.abs(value);
  const digits = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : 2;
  return String(Number(magnitude >= 1 ? value.toFixed(digits) : value.toPrecision(2)));
}
