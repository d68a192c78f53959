/** three.js layer of the opaque geometry that the depth pre-pass draws and the ray marcher stops at. */
export const OCCLUDER_LAYER = 1;
