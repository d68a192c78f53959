// An axis-aligned cut through the volume showing every visible channel in its colour.
uniform vec3 uClipMin;
uniform vec3 uClipMax;

in vec3 vLocal;

void main() {
  if (any(lessThan(vLocal, uClipMin - 1e-4)) || any(greaterThan(vLocal, uClipMax + 1e-4))) discard;
  float values[MAX_CHANNELS];
  sampleChannels(textureCoordinate(vLocal), values);
  // Blended as in MIP mode: weights relative to the most opaque channel, brightest component wins.
  float strongest = 0.0;
  for (int c = 0; c < MAX_CHANNELS; c++) {
    if (c >= uChannelCount) break;
    if (uVisible[c] > 0.5) strongest = max(strongest, uOpacity[c]);
  }
  vec3 color = vec3(0.0);
  bool anyData = false;
  for (int c = 0; c < MAX_CHANNELS; c++) {
    if (c >= uChannelCount) break;
    if (!hasData(values[c])) continue;
    anyData = true;
    if (uVisible[c] > 0.5) color = max(color, uColor[c] * windowed(values[c], c) * uOpacity[c] / strongest);
  }
  if (!anyData) discard;
  gl_FragColor = vec4(color, 1.0);
}
