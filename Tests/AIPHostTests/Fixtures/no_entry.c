/*
 * Fixture "fx-no-entry": valid in every way except the entry point.
 * It exports `aip_plugin_entry_v0` instead of `aip_plugin_entry`: the host must refuse it
 * at the symbol stage ("no aip_plugin_entry symbol").
 */
#define FIXTURE_REPLY "{\"plugin\":\"fx-no-entry\"}"
#include "minimal_plugin.h"

static const aip_capability_decl provides[] = {
    { sizeof(aip_capability_decl), "fx.noentry", "1.0.0", NULL, NULL, 0 },
};

static const aip_plugin_descriptor descriptor = {
    .struct_size = sizeof(aip_plugin_descriptor),
    .abi_major = AIP_ABI_MAJOR, .abi_minor = AIP_ABI_MINOR,
    .name = "fx-no-entry", .version = "1.0.0",
    .description = "test fixture: valid in every way except the entry point",
    .provides = provides, .provides_count = sizeof provides / sizeof provides[0],
    .init = fx_init, .handle = fx_handle,
};

AIP_EXPORT const aip_plugin_descriptor *aip_plugin_entry_v0(void) { return &descriptor; }
