/**
 * What the sample is made of, and which ions each part gives. Sputtering sees four materials;
 * the inorganic SEI is itself a mixture of NaF, NaCl and Na2O, so the yields are per
 * component: the four materials with the inorganic one split into its three salts.
 */
export const MATERIALS = ["epoxy", "hard_carbon", "inorganic_sei", "organic_sei"] as const;
export const EPOXY = 0;
export const HARD_CARBON = 1;
export const INORGANIC = 2;
export const ORGANIC = 3;

export const COMPONENTS = ["epoxy", "hard_carbon", "NaF", "NaCl", "Na2O", "organic_sei"] as const;
export const COMPONENT_EPOXY = 0;
export const COMPONENT_HC = 1;
export const COMPONENT_NAF = 2;
export const COMPONENT_NACL = 3;
export const COMPONENT_NA2O = 4;
export const COMPONENT_ORGANIC = 5;

export interface Channel {
  label: string;
  /** m/z of the ion (monoisotopic, electron mass neglected). */
  mass: number;
}

const NA = 22.98977;
const F = 18.998403;
const CL = 34.968853;
const O = 15.994915;
const C = 12;
const H = 1.007825;

export const PAPER_CHANNELS: Channel[] = [
  { label: "Na2F+", mass: 2 * NA + F },
  { label: "Na2Cl+", mass: 2 * NA + CL },
  { label: "Na2O+", mass: 2 * NA + O },
  { label: "C5H13+", mass: 5 * C + 13 * H },
];

/**
 * Mean secondary ions per primary pulse at full coverage, `[component][channel]` for the
 * channels above: each salt feeds its own Na2X+ ion, the organic layer C5H13+; sodiated hard
 * carbon gives small constant Na2X+ levels; epoxy gives some C5H13+ and little else. Peak SEI
 * values approach one ion per pulse, so the detector's dead time matters.
 */
export const PAPER_YIELDS_PER_PULSE: number[][] = [
  /* epoxy       */ [0.002, 0.001, 0.001, 0.09],
  /* hard carbon */ [0.02, 0.008, 0.015, 0.01],
  /* NaF         */ [1.3, 0.01, 0.05, 0.01],
  /* NaCl        */ [0.02, 1.0, 0.03, 0.01],
  /* Na2O        */ [0.03, 0.01, 0.9, 0.01],
  /* organic     */ [0.03, 0.01, 0.02, 0.75],
];

/** Ions per pulse of all other masses (the matrix), per component: what the total-ion image adds. */
export const PAPER_OTHER_IONS_PER_PULSE: number[] = [3.0, 6.0, 4.5, 4.5, 4.5, 5.0];

/** Relative sputter rates, nm per unit dose, per material (organic fastest, inorganic slowest). */
export const DEFAULT_SPUTTER_RATES_NM = [1.6, 1.2, 0.6, 2.5];
