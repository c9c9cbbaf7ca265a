/*
 * Fixture "fx-swift-old": claims to be a Swift plugin built with Swift 5.9.0.
 * The host must refuse a swift_toolchain different from its own (toolchain stage).
 */
#define FIXTURE_REPLY "{\"plugin\":\"fx-swift-old\"}"
#include "minimal_plugin.h"

static const aip_capability_decl provides[] = {
    { sizeof(aip_capability_decl), "fx.swiftold", "1.0.0", NULL, NULL, 0 },
};

static const aip_plugin_descriptor descriptor = {
    .struct_size = sizeof(aip_plugin_descriptor),
    .abi_major = AIP_ABI_MAJOR, .abi_minor = AIP_ABI_MINOR,
    .name = "fx-swift-old", .version = "1.0.0",
    .description = "test fixture: claims to be a Swift plugin built with Swift 5.9.0",
    .swift_toolchain = "5.9.0",
    .provides = provides, .provides_count = sizeof provides / sizeof provides[0],
    .init = fx_init, .handle = fx_handle,
};

AIP_EXPORT const aip_plugin_descriptor *aip_plugin_entry(void) { return &descriptor; }
