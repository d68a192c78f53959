/**
 * Series of the depth-profile chart as uPlot's aligned table: one shared, sorted x column and
 * one y column per series, null where a series has no point at that x or (on a log axis) no
 * positive value.
 */

export interface XYSeries {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}

export type AlignedTable = [number[], ...(number | null)[][]];

export function alignSeries(series: readonly XYSeries[], logScale: boolean): AlignedTable {
  const xs = new Set<number>();
  for (const s of series) for (let i = 0; i < s.x.length; i++) if (Number.isFinite(s.x[i])) xs.add(s.x[i]);
  const x = [...xs].sort((a, b) => a - b);
  const row = new Map(x.map((value, index) => [value, index]));
  const columns = series.map((s) => {
    const column: (number | null)[] = new Array(x.length).fill(null);
    for (let i = 0; i < s.x.length; i++) {
      const value = s.y[i];
      const index = row.get(s.x[i]);
      if (index === undefined || !Number.isFinite(value) || (logScale && value <= 0)) continue;
      column[index] = value;
    }
    return column;
  });
  return [x, ...columns];
}
