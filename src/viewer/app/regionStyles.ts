/** How region k is told apart, the same on the map and in the chart: by its line dash. */
const DASHES: readonly number[][] = [[], [7, 4], [2, 3], [9, 3, 2, 3], [4, 6]];

export function regionDash(index: number): number[] {
  return DASHES[index % DASHES.length];
}

/** The first `Region N` not already taken. */
export function nextRegionName(names: readonly string[]): string {
  const taken = new Set(names);
  let n = 1;
  while (taken.has(`Region ${n}`)) n++;
  return `Region ${n}`;
}
