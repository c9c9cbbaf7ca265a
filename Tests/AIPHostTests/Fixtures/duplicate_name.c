/*
 * Fixture "fx-provider": a second plugin named "fx-provider" (version 9.9.9).
 * Loaded next to good_provider.c, the host must refuse one of them (duplicate stage).
 * Provides only fx.dup.
 */
#define FIXTURE_REPLY "{\"plugin\":\"fx-provider\"}"
#include "minimal_plugin.h"

static const aip_capability_decl provides[] = {
    { sizeof(aip_capability_decl), "fx.dup", "1.0.0", NULL, NULL, 0 },
};

static const aip_plugin_descriptor descriptor = {
    .struct_size = sizeof(aip_plugin_descriptor),
    .abi_major = AIP_ABI_MAJOR, .abi_minor = AIP_ABI_MINOR,
    .name = "fx-provider", .version = "9.9.9",
    .description = "test fixture: a second plugin named fx-provider (version 9.9.9)",
    .provides = provides, .provides_count = sizeof provides / sizeof provides[0],
    .init = fx_init, .handle = fx_handle,
};

AIP_EXPORT const aip_plugin_descriptor *aip_plugin_entry(void) { return &descriptor; }
