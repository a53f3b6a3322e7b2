#version 330 core
// Surface pass: positions in mm, world frame; shading happens in view space so that
// lights can travel with the camera.

uniform mat4 u_view;
uniform mat4 u_projection;

in vec3 in_position;
in vec3 in_normal;
in vec3 in_albedo;
in float in_alpha;
in vec3 in_emission;
in float in_translucency;
in float in_roughness;
in vec3 in_fluorescence;
in vec3 in_bump;
in float in_ambient;

out vec3 v_position;
out vec3 v_normal;
out vec3 v_albedo;
out float v_alpha;
out vec3 v_emission;
out float v_translucency;
out float v_roughness;
out vec3 v_fluorescence;
out float v_ambient;

void main() {
    vec4 position = u_view * vec4(in_position, 1.0);
    v_position = position.xyz;
    // The view matrix is a rigid motion, so its rotation part transforms normals.
    // Micro-relief (perikymata, craze lines) tilts the normal: shading, not colour.
    v_normal = mat3(u_view) * (in_normal + in_bump);
    v_albedo = in_albedo;
    v_alpha = in_alpha;
    v_emission = in_emission;
    v_translucency = in_translucency;
    v_roughness = in_roughness;
    v_fluorescence = in_fluorescence;
    v_ambient = in_ambient;
    gl_Position = u_projection * position;
}
