/*
 * Fixture "fx-bad-version": declares version "1.2", which is not semver (MAJOR.MINOR.PATCH).
 * The host must refuse it at the descriptor stage.
 */
#define FIXTURE_REPLY "{\"plugin\":\"fx-bad-version\"}"
#include "minimal_plugin.h"

static const aip_capability_decl provides[] = {
    { sizeof(aip_capability_decl), "fx.badversion", "1.0.0", NULL, NULL, 0 },
};

static const aip_plugin_descriptor descriptor = {
    .struct_size = sizeof(aip_plugin_descriptor),
    .abi_major = AIP_ABI_MAJOR, .abi_minor = AIP_ABI_MINOR,
    .name = "fx-bad-version", .version = "1.2",
    .description = "test fixture: declares version 1.2, which is not semver",
    .provides = provides, .provides_count = sizeof provides / sizeof provides[0],
    .init = fx_init, .handle = fx_handle,
};

AIP_EXPORT const aip_plugin_descriptor *aip_plugin_entry(void) { return &descriptor; }
