import * as THREE from "three";

/** Label height as a fraction of the view height; constant on screen whatever the zoom. */
const LABEL_SCALE = 0.02;
const FONT_PX = 48;

/** A camera-facing text label of constant screen size, drawn on top of the scene. */
export function createTextSprite(text: string, color = "#d8dde3", anchorX = 0.5): THREE.Sprite {
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d")!;
  const font = `500 ${FONT_PX}px "Inter", "Segoe UI", system-ui, sans-serif`;
  context.font = font;
  const width = Math.ceil(context.measureText(text).width) + 8;
  canvas.width = width;
  canvas.height = Math.ceil(FONT_PX * 1.3);
  context.font = font;
  context.fillStyle = color;
  context.textBaseline = "middle";
  context.fillText(text, 4, canvas.height / 2);
  const texture = new THREE.CanvasTexture(canvas);
  texture.colorSpace = THREE.SRGBColorSpace;
  texture.anisotropy = 4;
  const material = new THREE.SpriteMaterial({ map: texture, sizeAttenuation: false, depthTest: false, transparent: true });
  const sprite = new THREE.Sprite(material);
  sprite.center.set(anchorX, 0.5);
  sprite.scale.set((LABEL_SCALE * width) / canvas.height, LABEL_SCALE, 1);
  sprite.renderOrder = 20;
  return sprite;
}

export function disposeTextSprite(sprite: THREE.Sprite): void {
  sprite.material.map?.dispose();
  sprite.material.dispose();
}
