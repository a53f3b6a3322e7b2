#version 330 core
// Stretch a reduced-resolution frame over the whole target (bilinear): the live view
// while the camera moves, when a full-resolution frame would drop below 30 fps.

uniform sampler2D u_frame;

in vec2 v_uv;
out vec4 out_colour;

void main() {
    out_colour = texture(u_frame, v_uv);
}
