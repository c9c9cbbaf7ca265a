/*
 * Fixture "fx-needy": requires nobody.provides.this "^1.0" (not optional).
 * No plugin provides it, so the host must refuse fx-needy at the dependency stage.
 * Provides fx.needy.
 */
#define FIXTURE_REPLY "{\"plugin\":\"fx-needy\"}"
#include "minimal_plugin.h"

static const aip_capability_decl provides[] = {
    { sizeof(aip_capability_decl), "fx.needy", "1.0.0", NULL, NULL, 0 },
};
static const aip_requirement requirements[] = {
    { sizeof(aip_requirement), "nobody.provides.this", "^1.0", 0 },
};

static const aip_plugin_descriptor descriptor = {
    .struct_size = sizeof(aip_plugin_descriptor),
    .abi_major = AIP_ABI_MAJOR, .abi_minor = AIP_ABI_MINOR,
    .name = "fx-needy", .version = "1.0.0",
    .description = "test fixture: requires nobody.provides.this ^1.0 (not optional)",
    .provides = provides, .provides_count = sizeof provides / sizeof provides[0],
    .requirements = requirements, .requirements_count = sizeof requirements / sizeof requirements[0],
    .init = fx_init, .handle = fx_handle,
};

AIP_EXPORT const aip_plugin_descriptor *aip_plugin_entry(void) { return &descriptor; }
