#version 330 core
// composite.frag for a still camera, with the glow of this frame rebuilt in the same
// pass: pixels still_prepare.frag marked are shaded once from their mean colour and
// merged vertices; the others (silhouettes, highlights, corners where many triangles
// meet) per supersample from the captured samples, as composite.frag does.

uniform int u_supersample;
uniform sampler2D u_pixel_static;   // per output pixel (still_prepare.frag)
uniform sampler2D u_pixel_ids;
uniform sampler2D u_pixel_weights;
uniform sampler2D u_pixel_more_ids;      // vertex rows five to eight
uniform sampler2D u_pixel_more_weights;  // their weights (all 0: four at most)
uniform sampler2D u_static;         // per sample: colour without the glow
uniform sampler2D u_ids;            // per sample: three vertex rows
uniform sampler2D u_weights;        // per sample: two weights, coverage
uniform sampler2D u_glow;           // per vertex: glow rgb (linear, HDR), alpha
uniform int u_glow_width;   // 1 << u_glow_shift
uniform int u_glow_shift;
uniform float u_glow_range;  // exposed glow range over a pixel's vertices shaded once
uniform sampler2D u_bloom_near;
uniform sampler2D u_bloom_far;
uniform vec2 u_frame_size;
uniform float u_exposure;
uniform float u_bloom_strength;
uniform vec3 u_background_top;
uniform vec3 u_background_bottom;
uniform bool u_transparent;
uniform bool u_tone_map;

out vec4 out_colour;

vec3 tone_map(vec3 x) {  // as composite.frag
    if (!u_tone_map) return clamp(x, 0.0, 1.0);
    return clamp((x * (2.51 * x + 0.03)) / (x * (2.43 * x + 0.59) + 0.14), 0.0, 1.0);
}

vec3 linear_to_srgb(vec3 c) {
    vec3 low = c * 12.92;
    vec3 high = 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055;
    return mix(high, low, vec3(lessThanEqual(c, vec3(0.0031308))));
}

vec4 vertex_glow(float id) {
    int i = int(id);
    // Rows are a power of two wide: a mask and a shift, not % and / (integer
    // division has no SIMD form on llvmpipe and cost a quarter of a frame).
    return texelFetch(u_glow, ivec2(i & (u_glow_width - 1), i >> u_glow_shift), 0);
}

vec4 shaded(vec4 c, vec3 bloom) {
    vec3 lit = c.a > 0.0 ? c.rgb / c.a : vec3(0.0);
    return vec4(tone_map((lit + bloom) * u_exposure) * c.a, c.a);
}

void main() {
    vec2 uv = gl_FragCoord.xy / u_frame_size;
    vec3 bloom = u_bloom_strength
        * (0.6 * texture(u_bloom_near, uv).rgb + 0.4 * texture(u_bloom_far, uv).rgb);
    ivec2 p = ivec2(gl_FragCoord.xy);
    vec4 w = texelFetch(u_pixel_weights, p, 0);
    vec4 surface = vec4(0.0);
    // still_prepare.frag's, over the fourth weight (in [0, 1], or a rounding below 0)
    int flags = int(w.w * 0.5 + 0.25);
    w.w -= 2.0 * float(flags);
    bool per_sample = (flags & 1) != 0;
    if (!per_sample) {
        vec4 c = texelFetch(u_pixel_static, p, 0);
        if (c.a > 0.0) {
            vec4 ids = texelFetch(u_pixel_ids, p, 0);
            vec4 a = vertex_glow(ids.x), b = vertex_glow(ids.y);
            vec4 d = vertex_glow(ids.z), e = vertex_glow(ids.w);
            vec3 high = max(max(a.rgb, b.rgb), max(d.rgb, e.rgb));
            vec3 low = min(min(a.rgb, b.rgb), min(d.rgb, e.rgb));
            vec4 glow = w.x * a + w.y * b + w.z * d + w.w * e;
            if ((flags & 4) != 0) {  // more than four vertices
                vec4 more = texelFetch(u_pixel_more_weights, p, 0);
                vec4 more_ids = texelFetch(u_pixel_more_ids, p, 0);
                a = vertex_glow(more_ids.x);
                b = vertex_glow(more_ids.y);
                d = vertex_glow(more_ids.z);
                e = vertex_glow(more_ids.w);
                high = max(high, max(max(a.rgb, b.rgb), max(d.rgb, e.rgb)));
                low = min(low, min(min(a.rgb, b.rgb), min(d.rgb, e.rgb)));
                glow += more.x * a + more.y * b + more.z * d + more.w * e;
            }
            // A glow that changes steeply across the pixel (a sparkle on one vertex) is
            // tone mapped per sample: the mean of a steep glow is not its look.
            vec3 range = high - low;
            if (max(max(range.r, range.g), range.b) * u_exposure > u_glow_range) {
                per_sample = true;
            } else {
                c.rgb += glow.rgb * glow.a;
                surface = shaded(c, bloom);
            }
        }
    }
    if (per_sample) {
        ivec2 base = p * u_supersample;
        for (int y = 0; y < u_supersample; ++y) {
            for (int x = 0; x < u_supersample; ++x) {
                ivec2 q = base + ivec2(x, y);
                vec4 c = texelFetch(u_static, q, 0);
                vec4 ws = texelFetch(u_weights, q, 0);
                if (ws.z > 0.5) {
                    vec3 rows = texelFetch(u_ids, q, 0).xyz;
                    vec3 b = vec3(ws.xy, 1.0 - ws.x - ws.y);
                    vec4 glow = b.x * vertex_glow(rows.x) + b.y * vertex_glow(rows.y)
                        + b.z * vertex_glow(rows.z);
                    c.rgb += glow.rgb * glow.a;
                }
                surface += shaded(c, bloom);
            }
        }
        surface /= float(u_supersample * u_supersample);
    }
    vec3 glow = tone_map(bloom * u_exposure);
    vec4 result;
    if (u_transparent) {  // as composite.frag
        float glow_alpha = max(max(glow.r, glow.g), glow.b);
        float alpha = surface.a + (1.0 - surface.a) * glow_alpha;
        vec3 premultiplied = surface.rgb + (1.0 - surface.a) * glow;
        result = vec4(alpha > 0.0 ? premultiplied / alpha : vec3(0.0), alpha);
    } else {
        vec3 background = mix(u_background_bottom, u_background_top, uv.y);
        background += (1.0 - background) * glow;
        result = vec4(surface.rgb + (1.0 - surface.a) * background, 1.0);
    }
    out_colour = vec4(linear_to_srgb(clamp(result.rgb, 0.0, 1.0)), result.a);
}
