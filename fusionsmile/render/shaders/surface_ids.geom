#version 330 core
// Gives every fragment its triangle's three vertices and its barycentric weights,
// interpolated perspective-correct like surface.vert's outputs, so that a channel
// rebuilt from them is the one the surface pass interpolated.

layout(triangles) in;
layout(triangle_strip, max_vertices = 3) out;

in float v_id[];

flat out vec3 g_ids;
out vec2 g_weights;

void main() {
    vec3 ids = vec3(v_id[0], v_id[1], v_id[2]);
    for (int i = 0; i < 3; ++i) {
        gl_Position = gl_in[i].gl_Position;
        g_ids = ids;
        g_weights = vec2(i == 0 ? 1.0 : 0.0, i == 1 ? 1.0 : 0.0);
        EmitVertex();
    }
    EndPrimitive();
}
