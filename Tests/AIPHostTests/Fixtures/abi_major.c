/*
 * Fixture "fx-abi-major": declares abi_major 2.
 * The host (ABI 1.x) must refuse another major version at the abi stage.
 */
#define FIXTURE_REPLY "{\"plugin\":\"fx-abi-major\"}"
#include "minimal_plugin.h"

static const aip_capability_decl provides[] = {
    { sizeof(aip_capability_decl), "fx.abimajor", "1.0.0", NULL, NULL, 0 },
};

static const aip_plugin_descriptor descriptor = {
    .struct_size = sizeof(aip_plugin_descriptor),
    .abi_major = 2, .abi_minor = AIP_ABI_MINOR,
    .name = "fx-abi-major", .version = "1.0.0",
    .description = "test fixture: declares abi_major 2",
    .provides = provides, .provides_count = sizeof provides / sizeof provides[0],
    .init = fx_init, .handle = fx_handle,
};

AIP_EXPORT const aip_plugin_descriptor *aip_plugin_entry(void) { return &descriptor; }
