#version 330 core
// The glow's emission of a frame for the bloom, at a reduced size (bloom is low
// frequency, as for a tiled render): each pixel takes the mean of the output pixel
// under its centre, from the up to eight merged vertices still_prepare.frag found
// there, or from its samples where they were not enough.

uniform int u_supersample;
uniform sampler2D u_ids;      // per output pixel: up to four vertex rows
uniform sampler2D u_weights;  // their weights (flags added to the fourth, as prepared)
uniform sampler2D u_more_ids;      // vertex rows five to eight
uniform sampler2D u_more_weights;  // their weights (all 0: four at most)
uniform sampler2D u_sample_ids;      // per sample: three vertex rows
uniform sampler2D u_sample_weights;  // per sample: two weights, coverage
uniform sampler2D u_glow;     // per vertex: glow rgb (linear, HDR), alpha
uniform int u_glow_width;   // 1 << u_glow_shift
uniform int u_glow_shift;
uniform vec2 u_scale;         // output pixels per emission pixel

out vec4 out_emission;

vec4 vertex_glow(float id) {
    int i = int(id);
    // Rows are a power of two wide: a mask and a shift, not % and / (integer
    // division has no SIMD form on llvmpipe and cost a quarter of a frame).
    return texelFetch(u_glow, ivec2(i & (u_glow_width - 1), i >> u_glow_shift), 0);
}

void main() {
    ivec2 p = ivec2(gl_FragCoord.xy * u_scale);
    vec4 w = texelFetch(u_weights, p, 0);
    // still_prepare.frag's, over the fourth weight (in [0, 1], or a rounding below 0)
    int flags = int(w.w * 0.5 + 0.25);
    w.w -= 2.0 * float(flags);
    if ((flags & 2) != 0) {  // more than eight vertices: from the samples
        vec3 sum = vec3(0.0);
        ivec2 base = p * u_supersample;
        for (int y = 0; y < u_supersample; ++y) {
            for (int x = 0; x < u_supersample; ++x) {
                ivec2 q = base + ivec2(x, y);
                vec4 ws = texelFetch(u_sample_weights, q, 0);
                if (ws.z < 0.5) continue;
                vec3 rows = texelFetch(u_sample_ids, q, 0).xyz;
                vec3 b = vec3(ws.xy, 1.0 - ws.x - ws.y);
                vec4 glow = b.x * vertex_glow(rows.x) + b.y * vertex_glow(rows.y)
                    + b.z * vertex_glow(rows.z);
                sum += glow.rgb * glow.a;
            }
        }
        out_emission = vec4(sum / float(u_supersample * u_supersample), 1.0);
        return;
    }
    vec4 more = (flags & 4) != 0 ? texelFetch(u_more_weights, p, 0) : vec4(0.0);
    float coverage = dot(w, vec4(1.0)) + dot(more, vec4(1.0));
    if (coverage <= 0.0) {
        out_emission = vec4(0.0);
        return;
    }
    vec4 ids = texelFetch(u_ids, p, 0);
    vec4 glow = w.x * vertex_glow(ids.x) + w.y * vertex_glow(ids.y)
        + w.z * vertex_glow(ids.z) + w.w * vertex_glow(ids.w);
    if ((flags & 4) != 0) {  // more than four vertices
        vec4 more_ids = texelFetch(u_more_ids, p, 0);
        glow += more.x * vertex_glow(more_ids.x) + more.y * vertex_glow(more_ids.y)
            + more.z * vertex_glow(more_ids.z) + more.w * vertex_glow(more_ids.w);
    }
    // Sums weighted by coverage: the mean glow times the mean alpha, times coverage.
    out_emission = vec4(glow.rgb * glow.a / coverage, 1.0);
}
