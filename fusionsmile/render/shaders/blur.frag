#version 330 core
// One direction of a separable Gaussian blur; weights are normalised by the caller.

#define MAX_RADIUS 16

uniform sampler2D u_source;
uniform vec2 u_step;  // one texel along the blur direction, in uv
uniform int u_radius;
uniform float u_weights[MAX_RADIUS + 1];

in vec2 v_uv;
out vec3 out_colour;

void main() {
    vec3 sum = texture(u_source, v_uv).rgb * u_weights[0];
    for (int i = 1; i <= u_radius; ++i) {
        sum += texture(u_source, v_uv + u_step * float(i)).rgb * u_weights[i];
        sum += texture(u_source, v_uv - u_step * float(i)).rgb * u_weights[i];
    }
    out_colour = sum;
}
