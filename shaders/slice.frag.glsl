// An axis-aligned cut through the volume, every visible channel added in its colour.
uniform vec3 uClipMin;
uniform vec3 uClipMax;

in vec3 vLocal;

void main() {
  if (any(lessThan(vLocal, uClipMin - 1e-4)) || any(greaterThan(vLocal, uClipMax + 1e-4))) discard;
  float values[MAX_CHANNELS];
  sampleChannels(textureCoordinate(vLocal), values);
  vec3 color = vec3(0.0);
  bool anyData = false;
  for (int c = 0; c < MAX_CHANNELS; c++) {
    if (c >= uChannelCount) break;
    if (!hasData(values[c])) continue;
    anyData = true;
    if (uVisible[c] > 0.5) color += uColor[c] * windowed(values[c], c);
  }
  if (!anyData) discard;
  gl_FragColor = vec4(min(color, vec3(1.0)), 1.0);
}
