/*
 * Fixture "fx-soft-b": provides soft.b, optionally requires soft.a (provided by soft_cycle_a.c).
 * The two form a cycle of optional requirements: the host must start both, in load order.
 */
#define FIXTURE_REPLY "{\"plugin\":\"fx-soft-b\"}"
#include "minimal_plugin.h"

static const aip_capability_decl provides[] = {
    { sizeof(aip_capability_decl), "soft.b", "1.0.0", NULL, NULL, 0 },
};
static const aip_requirement requirements[] = {
    { sizeof(aip_requirement), "soft.a", "^1.0", AIP_REQUIRE_OPTIONAL },
};

static const aip_plugin_descriptor descriptor = {
    .struct_size = sizeof(aip_plugin_descriptor),
    .abi_major = AIP_ABI_MAJOR, .abi_minor = AIP_ABI_MINOR,
    .name = "fx-soft-b", .version = "1.0.0",
    .description = "test fixture: provides soft.b, optionally requires soft.a (provided by soft_cycle_a.c)",
    .provides = provides, .provides_count = sizeof provides / sizeof provides[0],
    .requirements = requirements, .requirements_count = sizeof requirements / sizeof requirements[0],
    .init = fx_init, .handle = fx_handle,
};

AIP_EXPORT const aip_plugin_descriptor *aip_plugin_entry(void) { return &descriptor; }
