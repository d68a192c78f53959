/**
 * The viewer's stylesheet, scoped to the element's shadow root. The page stylesheet sets its
 * variables and fonts on `:root`, which does not exist inside a shadow tree: there they belong on
 * `:host`. The host page's own styles never reach the viewer, nor the viewer's the page.
 */
import viewerCss from "../viewer/styles.css?inline";

const HOST_CSS = `
:host { display: block; position: relative; height: 480px; overflow: hidden; }
:host([hidden]) { display: none; }
.embed-root { height: 100%; }
:host([controls="minimal"]) .panel { display: none; }
:host([controls="minimal"]) .viewer { grid-template-columns: 1fr; }
:host([controls="minimal"]) .analysis, :host([controls="minimal"]) .panels-toggle { display: none; }
:host([controls="minimal"]) .workspace { grid-template-rows: minmax(0, 1fr); }
`;

export const ELEMENT_CSS = viewerCss.replace(/:root\b/g, ":host") + HOST_CSS;
