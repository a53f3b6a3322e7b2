#version 330 core
// Once per capture, per output pixel: can the pixel be shaded once instead of once per
// supersample? The glow at a sample is its triangle's three vertex glows weighted by
// barycentrics, so the mean glow of the pixel's samples is exact as at most eight
// vertices with merged weights. The composite tone maps every sample before averaging;
// shading the mean instead is the same picture where the samples' own colours agree:
// the pixel is marked for once-only shading when all its samples lie on the surface (or
// none), eight vertices suffice, and the two ways differ by at most u_tolerance in sRGB
// with the bloom left out. Eight, not four: at 640x360 a triangle of the mouth covers
// about a pixel, and with four slots 13% of all pixels (90% of those shaded per sample)
// were so only for want of a fifth vertex.

uniform int u_supersample;
uniform sampler2D u_static;   // per sample: colour without the glow, premultiplied
uniform sampler2D u_ids;      // per sample: three vertex rows (surface_ids.frag)
uniform sampler2D u_weights;  // per sample: two weights, coverage
uniform float u_exposure;
uniform bool u_tone_map;
uniform float u_tolerance;

layout(location = 0) out vec4 out_static;   // mean over the samples
layout(location = 1) out vec4 out_ids;      // up to four vertex rows
// Their weights, summing with out_more_weights to the pixel's coverage; flags are added
// to the fourth (see the end of main).
layout(location = 2) out vec4 out_weights;
layout(location = 3) out vec4 out_more_ids;      // vertex rows five to eight
layout(location = 4) out vec4 out_more_weights;  // their weights (all 0: four at most)

vec3 tone_map(vec3 x) {  // as composite.frag
    if (!u_tone_map) return clamp(x, 0.0, 1.0);
    return clamp((x * (2.51 * x + 0.03)) / (x * (2.43 * x + 0.59) + 0.14), 0.0, 1.0);
}

vec3 linear_to_srgb(vec3 c) {
    vec3 low = c * 12.92;
    vec3 high = 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055;
    return mix(high, low, vec3(lessThanEqual(c, vec3(0.0031308))));
}

void main() {
    ivec2 base = ivec2(gl_FragCoord.xy) * u_supersample;
    float count = float(u_supersample * u_supersample);
    float ids[8];
    float weights[8];
    for (int j = 0; j < 8; ++j) {
        ids[j] = 0.0;
        weights[j] = 0.0;
    }
    int used = 0;
    bool merged = true;
    float covered = 0.0;
    vec4 mean = vec4(0.0);
    vec3 each = vec3(0.0);
    for (int y = 0; y < u_supersample; ++y) {
        for (int x = 0; x < u_supersample; ++x) {
            ivec2 q = base + ivec2(x, y);
            vec4 c = texelFetch(u_static, q, 0);
            mean += c;
            vec3 lit = c.a > 0.0 ? c.rgb / c.a : vec3(0.0);
            each += tone_map(lit * u_exposure) * c.a;
            vec4 w = texelFetch(u_weights, q, 0);
            if (w.z < 0.5) continue;
            covered += 1.0;
            vec3 rows = texelFetch(u_ids, q, 0).xyz;
            vec3 b = vec3(w.xy, 1.0 - w.x - w.y);
            for (int k = 0; k < 3; ++k) {
                bool found = false;
                for (int j = 0; j < 8; ++j) {
                    if (j < used && ids[j] == rows[k]) {
                        weights[j] += b[k];
                        found = true;
                    }
                }
                if (!found) {
                    if (used < 8) {
                        ids[used] = rows[k];
                        weights[used] = b[k];
                        used += 1;
                    } else {
                        merged = false;
                    }
                }
            }
        }
    }
    mean /= count;
    each /= count;
    vec3 lit = mean.a > 0.0 ? mean.rgb / mean.a : vec3(0.0);
    vec3 once = tone_map(lit * u_exposure) * mean.a;
    vec3 error = abs(linear_to_srgb(clamp(once, 0.0, 1.0)) - linear_to_srgb(clamp(each, 0.0, 1.0)));
    bool whole = covered == 0.0 || covered == count;
    bool single = whole && merged && max(max(error.r, error.g), error.b) <= u_tolerance;
    // Weights of the merged vertices scaled to the coverage: the emission pass reads
    // them for every pixel (approximately where more than eight vertices met).
    float total = 0.0;
    for (int j = 0; j < 8; ++j) total += weights[j];
    float scale = total > 0.0 ? covered / count / total : 0.0;
    for (int j = 0; j < 8; ++j) {
        weights[j] *= scale;
        if (j >= used) ids[j] = ids[0];  // unused slots repeat the first (weight 0)
    }
    out_static = mean;
    out_ids = vec4(ids[0], ids[1], ids[2], ids[3]);
    // Flags on the fourth weight (at most 1), as 2 x bits: 1 shade per sample; 2 more
    // than eight vertices (even the emission reads the samples); 4 more than four
    // vertices (the second set of slots is read, and only then).
    int flags = (single ? 0 : 1) + (merged ? 0 : 2) + (used > 4 ? 4 : 0);
    out_weights = vec4(weights[0], weights[1], weights[2], weights[3] + 2.0 * float(flags));
    out_more_ids = vec4(ids[4], ids[5], ids[6], ids[7]);
    out_more_weights = vec4(weights[4], weights[5], weights[6], weights[7]);
}
