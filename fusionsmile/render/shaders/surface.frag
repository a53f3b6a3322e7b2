#version 330 core
// Enamel and gum shading in view space (linear RGB, HDR):
//   wrapped Lambert diffuse + GGX specular + cheap translucency (transmission of lights
//   behind the surface and a bright rim at grazing angles) + hemisphere ambient.
// Target 0: premultiplied radiance and coverage. Target 1: emission, for bloom.

#define MAX_LIGHTS 4
const float PI = 3.14159265;
// Enamel and gums are dielectrics with an index of refraction near 1.5-1.6.
const vec3 F0 = vec3(0.04);
// Both are wet: a thin film of saliva (water, n = 1.33, so F0 = 0.02) is a clear coat
// whose small, sharp highlights are much of what makes teeth read as teeth in a photo.
const float WET_F0 = 0.02;
const float WET_ROUGHNESS = 0.09;
// Translucent enamel sends part of the light it takes in on into the dark mouth behind
// it: it reflects less, and looks greyer and darker, than the opaque body.
const float TRANSLUCENT_LOSS = 0.6;

uniform int u_light_count;
uniform vec3 u_light_direction[MAX_LIGHTS];
uniform vec3 u_light_colour[MAX_LIGHTS];
uniform vec3 u_sky;
uniform vec3 u_ground;
// Strength of the UV lamp: fluorescence shows only under a blacklight.
uniform float u_uv;

in vec3 v_position;
in vec3 v_normal;
in vec3 v_albedo;
in float v_alpha;
in vec3 v_emission;
in float v_translucency;
in float v_roughness;
in vec3 v_fluorescence;
// Share of the room's light that reaches this point (ambient occlusion baked with the
// geometry: the embrasures between crowns, the gum's collar). Exports bake the same
// factor into their colours (core.scene.occluded_albedo).
in float v_ambient;

layout(location = 0) out vec4 out_colour;
layout(location = 1) out vec3 out_emission;

float ggx_distribution(float n_dot_h, float a) {
    float a2 = a * a;
    float d = n_dot_h * n_dot_h * (a2 - 1.0) + 1.0;
    return a2 / (PI * d * d);
}

// Smith-Schlick visibility, already divided by 4 N.L N.V.
float pow5(float x) {
    float x2 = x * x;
    return x2 * x2 * x;
}

float visibility(float n_dot_l, float n_dot_v, float a) {
    float k = a * 0.5;
    return 0.25 / ((n_dot_l * (1.0 - k) + k) * (n_dot_v * (1.0 - k) + k));
}

void main() {
    vec3 n = normalize(v_normal);
    if (!gl_FrontFacing) n = -n;
    vec3 v = normalize(-v_position);
    float n_dot_v = max(dot(n, v), 1e-4);
    float a = max(v_roughness * v_roughness, 0.01);
    float t = v_translucency;
    float wrap = 0.5 * t;
    float rim = (1.0 - n_dot_v) * (1.0 - n_dot_v) * (1.0 - n_dot_v);
    // Light that crosses enamel comes out whiter and a little blue (opalescence).
    vec3 transmitted_tint = sqrt(v_albedo) * vec3(0.92, 0.97, 1.08);

    vec3 radiance = vec3(0.0);
    for (int i = 0; i < u_light_count; ++i) {
        vec3 l = normalize(u_light_direction[i]);
        vec3 light = u_light_colour[i];
        float n_dot_l = dot(n, l);
        // Wrapped diffuse: in translucent enamel light reaches past the terminator.
        float diffuse = max((n_dot_l + wrap) / (1.0 + wrap), 0.0);
        radiance += light * v_albedo * diffuse * (1.0 - TRANSLUCENT_LOSS * t);

        if (n_dot_l > 0.0) {
            vec3 h = normalize(l + v);
            float n_dot_h = max(dot(n, h), 0.0);
            float schlick = pow5(1.0 - max(dot(h, v), 0.0));
            vec3 fresnel = F0 + (1.0 - F0) * schlick;
            float spec = PI * ggx_distribution(n_dot_h, a) * visibility(n_dot_l, n_dot_v, a);
            // The film reflects first; what it lets through meets the surface below.
            float wet_fresnel = WET_F0 + (1.0 - WET_F0) * schlick;
            float wet = PI * ggx_distribution(n_dot_h, WET_ROUGHNESS * WET_ROUGHNESS)
                * visibility(n_dot_l, n_dot_v, WET_ROUGHNESS * WET_ROUGHNESS);
            radiance += light * n_dot_l * (wet_fresnel * wet + (1.0 - wet_fresnel) * fresnel * spec);
        }

        // Transmission: a light behind thin enamel shines through towards the viewer.
        vec3 through = normalize(l + 0.4 * n);
        float back = clamp(dot(v, -through), 0.0, 1.0);
        back *= back * back;
        // Back-lit rim: grazing edges glow most when the light is behind them.
        float behind = clamp(0.5 - 0.5 * dot(l, v), 0.0, 1.0);
        // Straight through only a little (the mouth behind the teeth is dark, whatever
        // lights the studio); grazing edges still glow when lit from behind.
        radiance += light * transmitted_tint * t * (0.35 * back + 1.5 * rim * behind);
    }

    vec3 ambient = mix(u_ground, u_sky, 0.5 + 0.5 * n.y);
    radiance += ambient * v_albedo * (1.0 + 0.5 * t * rim);
    // Ambient reflection keeps grazing edges from going flat.
    radiance += ambient * (F0 + (1.0 - F0) * pow5(1.0 - n_dot_v)) * (1.0 - v_roughness);
    // Little of any light reaches deep between the crowns: the occlusion dims what the
    // surface reflects and transmits, not what it emits.
    radiance *= v_ambient;
    // Fluorescence faces the lamp like diffuse light does (the UV comes from the key).
    vec3 glow = v_emission + u_uv * v_fluorescence;
    radiance += glow;

    out_colour = vec4(radiance * v_alpha, v_alpha);
    out_emission = glow * v_alpha;
}
