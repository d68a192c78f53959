// Rays are traced in the local unit cube of the volume box, from the camera through each pixel.
out vec3 vOrigin;
out vec3 vDirection;

void main() {
  vOrigin = (inverse(modelMatrix) * vec4(cameraPosition, 1.0)).xyz;
  vDirection = position - vOrigin;
  gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
}
