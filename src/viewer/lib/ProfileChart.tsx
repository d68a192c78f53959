/**
 * The depth-profile chart (uPlot): lines of any number of profiles on a linear or log y axis,
 * plus optional reference series (e.g. SurfaceLab depth profiles) on their own right-hand axis,
 * since their intensities come in other units. Drag across the plot to zoom, double-click to
 * zoom out.
 */
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import { alignSeries } from "./chartData.js";

export interface ChartLine {
  label: string;
  /** CSS colour. */
  color: string;
  /** Canvas line dash (segment lengths, CSS pixels); empty for solid. */
  dash: number[];
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}

/** A reference profile drawn beside the regions': `x` in the chart's x units (nm), any intensity units. */
export interface ReferenceSeries {
  label: string;
  x: ArrayLike<number>;
  intensity: ArrayLike<number>;
  color?: string;
}

export interface ProfileChartProps {
  lines: ChartLine[];
  references?: ReferenceSeries[];
  logScale: boolean;
  xLabel: string;
  yLabel: string;
  /** The label of the right-hand axis of the reference series. */
  referenceLabel?: string;
  /** Receives the chart once made (and null when it goes), e.g. for a PNG of its canvas. */
  onChart?: (chart: uPlot | null) => void;
}

const AXIS_COLOUR = "#8b96a3";
const GRID_COLOUR = "rgba(139, 150, 163, 0.15)";
const REFERENCE_COLOURS = ["#ffffff", "#f0e442", "#e69f00"];
const FONT = "11px system-ui, sans-serif";

export function ProfileChart({ lines, references = [], logScale, xLabel, yLabel, referenceLabel = "reference", onChart }: ProfileChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const layout = JSON.stringify([lines.map((l) => [l.label, l.color, l.dash]), references.map((r) => [r.label, r.color]), logScale, xLabel, yLabel]);

  // The series list, scales and colours fix uPlot's options: a new layout makes a new chart.
  useEffect(() => {
    const element = host.current!;
    const hasReferences = references.length > 0;
    const distr = logScale ? 3 : 1;
    const axis = (label: string, extra: Partial<uPlot.Axis> = {}): uPlot.Axis => ({
      label,
      stroke: AXIS_COLOUR,
      font: FONT,
      labelFont: FONT,
      grid: { stroke: GRID_COLOUR, width: 1 },
      ticks: { stroke: GRID_COLOUR, width: 1 },
      ...extra,
    });
    const options: uPlot.Options = {
      width: Math.max(100, element.clientWidth),
      height: Math.max(80, element.clientHeight),
      legend: { show: false },
      cursor: { points: { show: false }, drag: { x: true, y: false } },
      scales: { x: { time: false }, y: { distr }, ...(hasReferences ? { ref: { distr } } : {}) },
      axes: [
        axis(xLabel),
        axis(yLabel, { size: 56 }),
        ...(hasReferences ? [axis(referenceLabel, { scale: "ref", side: 1, size: 56, grid: { show: false } })] : []),
      ],
      series: [
        {},
        ...lines.map((line) => ({ label: line.label, stroke: line.color, dash: line.dash, width: 1.5, spanGaps: false })),
        ...references.map((reference, index) => ({
          label: reference.label,
          stroke: reference.color ?? REFERENCE_COLOURS[index % REFERENCE_COLOURS.length],
          width: 1.5,
          dash: [2, 3],
          scale: "ref",
        })),
      ],
    };
    const made = new uPlot(options, chartTable(lines, references, logScale), element);
    chart.current = made;
    onChart?.(made);
    const resize = new ResizeObserver(() => made.setSize({ width: Math.max(100, element.clientWidth), height: Math.max(80, element.clientHeight) }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      onChart?.(null);
      made.destroy();
      chart.current = null;
    };
    // Data changes alone go through setData below; `layout` stands for everything else.
  }, [layout, onChart]);

  useEffect(() => {
    chart.current?.setData(chartTable(lines, references, logScale));
  }, [lines, references, logScale]);

  return <div className="profile-chart" ref={host} data-testid="profile-chart" />;
}

function chartTable(lines: ChartLine[], references: ReferenceSeries[], logScale: boolean): uPlot.AlignedData {
  return alignSeries([...lines, ...references.map((r) => ({ x: r.x, y: r.intensity }))], logScale) as uPlot.AlignedData;
}

/** A PNG of the chart's canvas on an opaque `background`. */
export function chartPng(chart: uPlot, background: string): Promise<Blob> {
  const source = chart.ctx.canvas;
  const canvas = document.createElement("canvas");
  canvas.width = source.width;
  canvas.height = source.height;
  const context = canvas.getContext("2d")!;
  context.fillStyle = background;
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(source, 0, 0);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("the chart could not be encoded as PNG"))), "image/png"));
}
