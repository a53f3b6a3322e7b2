#version 330 core
// Box downsample by 2 * u_taps per axis: each bilinear tap averages 2 x 2 texels.

uniform sampler2D u_source;
uniform int u_taps;

in vec2 v_uv;
out vec3 out_colour;

void main() {
    vec2 texel = 1.0 / vec2(textureSize(u_source, 0));
    // Top-left source texel of this output pixel's footprint.
    vec2 origin = (gl_FragCoord.xy - 0.5) * float(2 * u_taps) * texel;
    vec3 sum = vec3(0.0);
    for (int y = 0; y < u_taps; ++y) {
        for (int x = 0; x < u_taps; ++x) {
            sum += texture(u_source, origin + (vec2(x, y) * 2.0 + 1.0) * texel).rgb;
        }
    }
    out_colour = sum / float(u_taps * u_taps);
}
