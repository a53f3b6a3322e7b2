#version 330 core
// A new moment of the glow for a still camera, without drawing the surface again:
// the frame captured once keeps its lit colour; only the glow (emission plus the UV
// lamp's fluorescence, times alpha) is rebuilt per pixel from the vertices' new glow
// and the visibility pass, exactly as surface.frag adds it (out_colour has glow * alpha
// in it, premultiplied; out_emission is glow * alpha).

uniform sampler2D u_colour;    // surface pass at the capture, premultiplied
uniform sampler2D u_emission;  // its emission
uniform sampler2D u_ids;       // surface_ids.frag target 0
uniform sampler2D u_weights;   // surface_ids.frag target 1
uniform sampler2D u_glow;      // per vertex: glow rgb (linear, HDR), alpha; rows of u_glow_width
uniform int u_glow_width;

layout(location = 0) out vec4 out_colour;
layout(location = 1) out vec3 out_emission;

vec4 vertex_glow(float id) {
    int i = int(id);
    return texelFetch(u_glow, ivec2(i % u_glow_width, i / u_glow_width), 0);
}

void main() {
    ivec2 p = ivec2(gl_FragCoord.xy);
    vec4 colour = texelFetch(u_colour, p, 0);
    vec3 before = texelFetch(u_emission, p, 0).rgb;
    vec4 weights = texelFetch(u_weights, p, 0);
    if (weights.z < 0.5) {  // background: nothing glows there
        out_colour = colour;
        out_emission = before;
        return;
    }
    vec3 ids = texelFetch(u_ids, p, 0).xyz;
    vec3 w = vec3(weights.xy, 1.0 - weights.x - weights.y);
    vec4 a = vertex_glow(ids.x);
    vec4 b = vertex_glow(ids.y);
    vec4 c = vertex_glow(ids.z);
    vec3 glow = w.x * a.rgb + w.y * b.rgb + w.z * c.rgb;
    float alpha = w.x * a.a + w.y * b.a + w.z * c.a;
    vec3 now = glow * alpha;
    out_colour = vec4(colour.rgb + now - before, colour.a);
    out_emission = now;
}
