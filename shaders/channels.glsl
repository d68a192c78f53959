// Shared by the ray marcher and the slice planes. MAX_CHANNELS and the per-texture samplers
// (uVolume0, uVolume1, ...) and sampleChannels/sampleChannel are generated for the texture count.
precision highp float;
precision highp sampler3D;

uniform int uChannelCount;
uniform float uVisible[MAX_CHANNELS];
uniform vec3 uColor[MAX_CHANNELS];
// Windows and iso levels in texture units (data value / channel scale).
uniform float uWindowMin[MAX_CHANNELS];
uniform float uWindowMax[MAX_CHANNELS];
uniform float uGamma[MAX_CHANNELS];
uniform float uOpacity[MAX_CHANNELS];
uniform float uIsoLevel[MAX_CHANNELS];

// Packed values are >= 0; the no-data marker is -1, and a filtered sample that leans on it is
// treated as no data rather than as a dim value.
bool hasData(float value) {
  return value >= 0.0;
}

float windowed(float value, int channel) {
  float width = max(uWindowMax[channel] - uWindowMin[channel], 1e-6);
  float t = clamp((value - uWindowMin[channel]) / width, 0.0, 1.0);
  return pow(t, uGamma[channel]);
}

// Local box coordinates (col, rows-up, height-up) to texture coordinates (col, row, layer).
vec3 textureCoordinate(vec3 local) {
  return vec3(local.x, 1.0 - local.y, 1.0 - local.z);
}
