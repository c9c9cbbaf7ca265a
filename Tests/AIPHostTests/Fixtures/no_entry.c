/*
 * Fixture "fx-no-entry": valid in every way except the entry point.
 * It exports `aip_plugin_entry_v0` instead of `aip_plugin_entry`: the host must refuse it
 * at the symbol stage ("no aip_plugin_entry symbol").
 */
#include <stdint.h>

#include "aip_plugin.h"
#include "aip_json.h"

#define REPLY "{\"plugin\":\"fx-no-entry\"}"

/* The instance is just the host table (const dropped through uintptr_t; never written). */
static aip_status fx_init(const aip_host_api *host, aip_host_ctx *ctx, void **instance, aip_response *error)
{
    (void)ctx;
    (void)error;
    *instance = (void *)(uintptr_t)host;
    return AIP_OK;
}

static aip_status fx_handle(void *instance, const aip_request *req, aip_response *resp)
{
    static const char reply[] = REPLY;
    const aip_host_api *host = (const aip_host_api *)instance;
    (void)req;
    return aip_reply_bytes(host, resp, reply, sizeof reply - 1, AIP_CONTENT_JSON);
}

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
