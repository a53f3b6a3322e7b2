#version 330 core
// Box downsample of the whole source into this level: u_taps x u_taps bilinear taps
// spread evenly over the footprint of this level pixel. When the footprint is a whole
// even number of texels the taps fall on texel corners and each averages 2 x 2 texels
// exactly; otherwise the filter is a box slightly softened by the bilinear taps.

uniform sampler2D u_source;
uniform vec2 u_level_size;  // pixels of the target level
uniform int u_taps;

out vec3 out_colour;

void main() {
    vec2 corner = (gl_FragCoord.xy - 0.5) / u_level_size;  // footprint in uv
    vec2 step = 1.0 / (u_level_size * float(u_taps));
    vec3 sum = vec3(0.0);
    for (int y = 0; y < u_taps; ++y) {
        for (int x = 0; x < u_taps; ++x) {
            sum += texture(u_source, corner + (vec2(x, y) + 0.5) * step).rgb;
        }
    }
    out_colour = sum / float(u_taps * u_taps);
}
