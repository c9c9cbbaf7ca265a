/*
 * Fixture "fx-small": descriptor declares struct_size = 24.
 * Smaller than the ABI 1.0 descriptor: the host must refuse it at the descriptor stage
 * (it must read nothing past the first 8 bytes before checking the size).
 */
#define FIXTURE_REPLY "{\"plugin\":\"fx-small\"}"
#include "minimal_plugin.h"

static const aip_capability_decl provides[] = {
    { sizeof(aip_capability_decl), "fx.small", "1.0.0", NULL, NULL, 0 },
};

static const aip_plugin_descriptor descriptor = {
    .struct_size = 24,
    .abi_major = AIP_ABI_MAJOR, .abi_minor = AIP_ABI_MINOR,
    .name = "fx-small", .version = "1.0.0",
    .description = "test fixture: descriptor declares struct_size = 24",
    .provides = provides, .provides_count = sizeof provides / sizeof provides[0],
    .init = fx_init, .handle = fx_handle,
};

AIP_EXPORT const aip_plugin_descriptor *aip_plugin_entry(void) { return &descriptor; }
