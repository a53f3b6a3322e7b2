#version 330 core
// Visibility pass of a still camera (render/still_glow.py): the same positions and
// matrices as surface.vert, and which vertex each corner is. With an index buffer,
// gl_VertexID is the index read, i.e. the vertex's row in the scene's arrays.

uniform mat4 u_view;
uniform mat4 u_projection;

in vec3 in_position;

out float v_id;  // exact as a float up to 2^24 vertices

void main() {
    v_id = float(gl_VertexID);
    gl_Position = u_projection * (u_view * vec4(in_position, 1.0));
}
