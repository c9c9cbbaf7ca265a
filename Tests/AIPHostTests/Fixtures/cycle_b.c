/*
 * Fixture "fx-cycle-b": provides cycle.b, requires cycle.a (provided by cycle_a.c).
 * Together with fx-cycle-a this is a dependency cycle the host must detect and refuse.
 */
#define FIXTURE_REPLY "{\"plugin\":\"fx-cycle-b\"}"
#include "minimal_plugin.h"

static const aip_capability_decl provides[] = {
    { sizeof(aip_capability_decl), "cycle.b", "1.0.0", NULL, NULL, 0 },
};
static const aip_requirement requirements[] = {
    { sizeof(aip_requirement), "cycle.a", "^1.0", 0 },
};

static const aip_plugin_descriptor descriptor = {
    .struct_size = sizeof(aip_plugin_descriptor),
    .abi_major = AIP_ABI_MAJOR, .abi_minor = AIP_ABI_MINOR,
    .name = "fx-cycle-b", .version = "1.0.0",
    .description = "test fixture: provides cycle.b, requires cycle.a (provided by cycle_a.c)",
    .provides = provides, .provides_count = sizeof provides / sizeof provides[0],
    .requirements = requirements, .requirements_count = sizeof requirements / sizeof requirements[0],
    .init = fx_init, .handle = fx_handle,
};

AIP_EXPORT const aip_plugin_descriptor *aip_plugin_entry(void) { return &descriptor; }
