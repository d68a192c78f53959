/** Vite's `?inline` CSS imports: the stylesheet's text, not injected into the page. */
declare module "*.css?inline" {
  const css: string;
  export default css;
}
