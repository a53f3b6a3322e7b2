#version 330 core
// What of a captured sample does not change while only the glow changes: its colour
// (premultiplied) minus its glow (surface.frag adds glow * alpha to both targets).

uniform sampler2D u_colour;
uniform sampler2D u_emission;

out vec4 out_static;

void main() {
    ivec2 p = ivec2(gl_FragCoord.xy);
    vec4 colour = texelFetch(u_colour, p, 0);
    out_static = vec4(colour.rgb - texelFetch(u_emission, p, 0).rgb, colour.a);
}
