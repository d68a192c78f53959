// Ray marching of all channels in one ray. Steps are a fixed length in voxel space, so the
// z exaggeration changes the shape on screen but never the sampling.
#define MODE_MIP 0
#define MODE_COMPOSITE 1
#define MODE_ISO 2
#define MAX_STEPS 4096
#define OPAQUE_ALPHA 0.97

uniform int uMode;
uniform vec3 uVolumeDims;
uniform vec3 uBoxSize;
uniform float uStepVoxels;
uniform vec3 uClipMin;
uniform vec3 uClipMax;
// Depth of the opaque geometry (surface mesh, slice planes) drawn before the volume.
uniform sampler2D uOccluderDepth;
uniform vec2 uViewportSize;
uniform mat4 uClipToLocal;

in vec3 vOrigin;
in vec3 vDirection;

// A fixed per-pixel offset of the first sample hides the banding of the step grid, and being
// fixed it keeps successive frames identical.
float pixelJitter(vec2 pixel) {
  return fract(sin(dot(pixel, vec2(12.9898, 78.233))) * 43758.5453);
}

// Ray parameter at which the opaque geometry seen through this pixel lies, or a huge value.
float occluderDistance(vec3 direction) {
  float depth = texture(uOccluderDepth, gl_FragCoord.xy / uViewportSize).r;
  if (depth >= 1.0) return 1e30;
  vec4 local = uClipToLocal * vec4(vec3(gl_FragCoord.xy / uViewportSize, depth) * 2.0 - 1.0, 1.0);
  return dot(local.xyz / local.w - vOrigin, direction) / dot(direction, direction);
}

vec3 isoNormal(vec3 tex, int channel, vec3 direction) {
  // Central differences over 1.5 voxels: counts are noisy, and a one-voxel stencil speckles the shading.
  vec3 h = 1.5 / uVolumeDims;
  vec3 gradientTex = vec3(
    sampleChannel(tex + vec3(h.x, 0.0, 0.0), channel) - sampleChannel(tex - vec3(h.x, 0.0, 0.0), channel),
    sampleChannel(tex + vec3(0.0, h.y, 0.0), channel) - sampleChannel(tex - vec3(0.0, h.y, 0.0), channel),
    sampleChannel(tex + vec3(0.0, 0.0, h.z), channel) - sampleChannel(tex - vec3(0.0, 0.0, h.z), channel));
  // Texture y and z run against local y and z; the world normal divides by the box scale.
  vec3 gradientWorld = vec3(gradientTex.x, -gradientTex.y, -gradientTex.z) * uVolumeDims / uBoxSize;
  return length(gradientWorld) > 0.0 ? -normalize(gradientWorld) : -normalize(direction * uBoxSize);
}

void main() {
  vec3 direction = vDirection;
  vec3 inverseDirection = 1.0 / direction;
  vec3 tA = (uClipMin - vOrigin) * inverseDirection;
  vec3 tB = (uClipMax - vOrigin) * inverseDirection;
  vec3 tLow = min(tA, tB);
  vec3 tHigh = max(tA, tB);
  float tEnter = max(max(tLow.x, tLow.y), max(tLow.z, 0.0));
  float tExit = min(min(tHigh.x, tHigh.y), min(tHigh.z, occluderDistance(direction)));
  if (tEnter >= tExit) discard;

  float dt = uStepVoxels / length(direction * uVolumeDims);
  float t = tEnter + pixelJitter(gl_FragCoord.xy) * dt;
  vec3 viewWorld = normalize(direction * uBoxSize);

  // In MIP and iso modes the opacities weigh the channels against the most opaque visible one,
  // which shows at full strength.
  float strongest = 0.0;
  for (int c = 0; c < MAX_CHANNELS; c++) {
    if (c >= uChannelCount) break;
    if (uVisible[c] > 0.5) strongest = max(strongest, uOpacity[c]);
  }
  if (strongest <= 0.0) discard;

  float values[MAX_CHANNELS];
  float previous[MAX_CHANNELS];
  float maxima[MAX_CHANNELS];
  bool hit[MAX_CHANNELS];
  for (int c = 0; c < MAX_CHANNELS; c++) {
    maxima[c] = -1.0;
    previous[c] = -1.0;
    hit[c] = uVisible[c] < 0.5;
  }
  vec4 accumulated = vec4(0.0);

  for (int step = 0; step < MAX_STEPS; step++) {
    if (t > tExit) break;
    vec3 tex = textureCoordinate(vOrigin + t * direction);
    sampleChannels(tex, values);

    if (uMode == MODE_MIP) {
      for (int c = 0; c < MAX_CHANNELS; c++) {
        if (c >= uChannelCount) break;
        maxima[c] = max(maxima[c], values[c]);
      }
    } else if (uMode == MODE_COMPOSITE) {
      vec3 color = vec3(0.0);
      float alphaSum = 0.0;
      float transmitted = 1.0;
      for (int c = 0; c < MAX_CHANNELS; c++) {
        if (c >= uChannelCount) break;
        if (uVisible[c] < 0.5 || !hasData(values[c])) continue;
        // Opacity is per voxel; correct it for the step length.
        float alpha = 1.0 - pow(1.0 - uOpacity[c] * windowed(values[c], c), uStepVoxels);
        color += uColor[c] * alpha;
        alphaSum += alpha;
        transmitted *= 1.0 - alpha;
      }
      float sampleAlpha = 1.0 - transmitted;
      if (alphaSum > 0.0) {
        accumulated.rgb += (1.0 - accumulated.a) * color * (sampleAlpha / alphaSum);
        accumulated.a += (1.0 - accumulated.a) * sampleAlpha;
      }
    } else {
      bool allHit = true;
      for (int c = 0; c < MAX_CHANNELS; c++) {
        if (c >= uChannelCount) break;
        if (hit[c]) continue;
        if (hasData(values[c]) && values[c] >= uIsoLevel[c]) {
          hit[c] = true;
          // Place the crossing between the two samples that bracket it.
          float back = hasData(previous[c]) ? (values[c] - uIsoLevel[c]) / max(values[c] - previous[c], 1e-6) : 0.0;
          vec3 surface = textureCoordinate(vOrigin + (t - back * dt) * direction);
          vec3 normal = isoNormal(surface, c, direction);
          float light = 0.3 + 0.7 * abs(dot(normal, viewWorld));
          float alpha = uOpacity[c] / strongest;
          accumulated.rgb += (1.0 - accumulated.a) * uColor[c] * light * alpha;
          accumulated.a += (1.0 - accumulated.a) * alpha;
        }
        allHit = allHit && hit[c];
        previous[c] = values[c];
      }
      if (allHit) break;
    }
    if (accumulated.a >= OPAQUE_ALPHA) break;
    t += dt;
  }

  if (uMode == MODE_MIP) {
    // Channels combine by the brightest component, so a faint context channel never washes out a
    // bright one.
    for (int c = 0; c < MAX_CHANNELS; c++) {
      if (c >= uChannelCount) break;
      if (uVisible[c] < 0.5 || !hasData(maxima[c])) continue;
      float weight = windowed(maxima[c], c) * uOpacity[c] / strongest;
      accumulated.rgb = max(accumulated.rgb, uColor[c] * weight);
      accumulated.a = max(accumulated.a, weight);
    }
  }
  if (accumulated.a <= 0.0) discard;
  // Premultiplied output, blended with (ONE, ONE_MINUS_SRC_ALPHA).
  gl_FragColor = accumulated;
}
