#version 330 core
// One direction of a separable Gaussian blur in bilinear taps: the centre texel, then
// pairs of neighbouring texels read with one filtered fetch each (bloom.bilinear_taps
// computes the offsets and weights, normalised).

#define MAX_TAPS 9

uniform sampler2D u_source;
uniform vec2 u_step;  // one texel along the blur direction, in uv
uniform int u_taps;   // taps on each side of the centre
uniform float u_offsets[MAX_TAPS];  // texels from the centre; [0] is the centre
uniform float u_weights[MAX_TAPS];

in vec2 v_uv;
out vec3 out_colour;

void main() {
    vec3 sum = texture(u_source, v_uv).rgb * u_weights[0];
    for (int i = 1; i <= u_taps; ++i) {
        vec2 offset = u_step * u_offsets[i];
        sum += (texture(u_source, v_uv + offset).rgb + texture(u_source, v_uv - offset).rgb)
            * u_weights[i];
    }
    out_colour = sum;
}
