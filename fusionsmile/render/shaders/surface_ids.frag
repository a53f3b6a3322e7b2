#version 330 core
// Target 0: the three vertex rows; target 1: two weights (the third is 1 - both) and
// coverage (1 where a triangle was drawn; the target is cleared to 0). Four components:
// llvmpipe reads RGBA textures about half again as fast as RGB ones.

flat in vec3 g_ids;
in vec2 g_weights;

layout(location = 0) out vec4 out_ids;
layout(location = 1) out vec4 out_weights;

void main() {
    out_ids = vec4(g_ids, 0.0);
    out_weights = vec4(g_weights, 1.0, 0.0);
}
