/** Vite's `?raw` imports: the file's text. */
declare module "*.glsl?raw" {
  const source: string;
  export default source;
}
