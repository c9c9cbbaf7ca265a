/*
 * Fixture "fx-abi-minor": declares ABI 1.99.
 * A newer minor than the host implements: the host must refuse it at the abi stage
 * (the plugin may rely on fields or functions the host lacks).
 */
#define FIXTURE_REPLY "{\"plugin\":\"fx-abi-minor\"}"
#include "minimal_plugin.h"

static const aip_capability_decl provides[] = {
    { sizeof(aip_capability_decl), "fx.abiminor", "1.0.0", NULL, NULL, 0 },
};

static const aip_plugin_descriptor descriptor = {
    .struct_size = sizeof(aip_plugin_descriptor),
    .abi_major = AIP_ABI_MAJOR, .abi_minor = 99,
    .name = "fx-abi-minor", .version = "1.0.0",
    .description = "test fixture: declares ABI 1.99",
    .provides = provides, .provides_count = sizeof provides / sizeof provides[0],
    .init = fx_init, .handle = fx_handle,
};

AIP_EXPORT const aip_plugin_descriptor *aip_plugin_entry(void) { return &descriptor; }
