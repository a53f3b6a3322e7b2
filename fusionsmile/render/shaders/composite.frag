#version 330 core
// Resolve: tone map every supersample (so bright edges antialias cleanly), box-filter
// them down to one pixel, lay them over the background with the bloom, encode sRGB.

uniform sampler2D u_colour;   // premultiplied linear radiance, supersampled
uniform sampler2D u_bloom_near;
uniform sampler2D u_bloom_far;
uniform int u_supersample;
uniform vec2 u_origin;      // pixels of the frame below and left of this viewport (tiles)
uniform vec2 u_frame_size;  // pixels of the whole frame
uniform float u_exposure;
uniform float u_bloom_strength;
uniform vec3 u_background_top;     // linear, display referred
uniform vec3 u_background_bottom;  // linear, display referred
uniform bool u_transparent;
// Off only for the reference light, where a reflectance must come out as itself.
uniform bool u_tone_map;

out vec4 out_colour;

// ACES filmic fit by Krzysztof Narkowicz.
vec3 tone_map(vec3 x) {
    if (!u_tone_map) return clamp(x, 0.0, 1.0);
    return clamp((x * (2.51 * x + 0.03)) / (x * (2.43 * x + 0.59) + 0.14), 0.0, 1.0);
}

vec3 linear_to_srgb(vec3 c) {
    vec3 low = c * 12.92;
    vec3 high = 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055;
    return mix(high, low, vec3(lessThanEqual(c, vec3(0.0031308))));
}

void main() {
    // Bloom and background are of the whole frame: a tile samples them where it lies.
    vec2 uv = (u_origin + gl_FragCoord.xy) / u_frame_size;
    vec3 bloom = u_bloom_strength
        * (0.6 * texture(u_bloom_near, uv).rgb + 0.4 * texture(u_bloom_far, uv).rgb);
    ivec2 base = ivec2(gl_FragCoord.xy) * u_supersample;
    vec4 surface = vec4(0.0);
    for (int y = 0; y < u_supersample; ++y) {
        for (int x = 0; x < u_supersample; ++x) {
            vec4 c = texelFetch(u_colour, base + ivec2(x, y), 0);
            vec3 lit = c.a > 0.0 ? c.rgb / c.a : vec3(0.0);
            surface += vec4(tone_map((lit + bloom) * u_exposure) * c.a, c.a);
        }
    }
    surface /= float(u_supersample * u_supersample);
    vec3 glow = tone_map(bloom * u_exposure);

    vec4 result;
    if (u_transparent) {
        // Glow over nothing: as opaque as it is bright.
        float glow_alpha = max(max(glow.r, glow.g), glow.b);
        float alpha = surface.a + (1.0 - surface.a) * glow_alpha;
        vec3 premultiplied = surface.rgb + (1.0 - surface.a) * glow;
        result = vec4(alpha > 0.0 ? premultiplied / alpha : vec3(0.0), alpha);
    } else {
        vec3 background = mix(u_background_bottom, u_background_top, uv.y);
        background += (1.0 - background) * glow;  // screen blend
        result = vec4(surface.rgb + (1.0 - surface.a) * background, 1.0);
    }
    out_colour = vec4(linear_to_srgb(clamp(result.rgb, 0.0, 1.0)), result.a);
}
