/*
 * Fixture "fx-init-fails": init refuses to start.
 * init returns AIP_ERR_INTERNAL with the error body
 *     {"error":{"code":"internal","message":"database file is locked"}}
 * (allocated with host->alloc). The host must report the plugin as failed at the
 * init stage, show that message, free the body, and never call start/stop/shutdown
 * or handle for it.
 */
#include "aip_plugin.h"
#include "aip_json.h"

static aip_status fx_init(const aip_host_api *host, aip_host_ctx *ctx, void **instance, aip_response *error)
{
    (void)ctx;
    *instance = NULL;
    return aip_json_error(host, error, AIP_ERR_INTERNAL, "database file is locked");
}

static aip_status fx_handle(void *instance, const aip_request *req, aip_response *resp)
{
    (void)instance;
    (void)req;
    (void)resp;
    return AIP_ERR_INTERNAL; /* never reached: init fails */
}

static void fx_shutdown(void *instance)
{
    (void)instance; /* never reached: shutdown follows only a successful init */
}

static const aip_capability_decl provides[] = {
    { sizeof(aip_capability_decl), "fx.initfails", "1.0.0", NULL, NULL, 0 },
};

static const aip_plugin_descriptor descriptor = {
    .struct_size = sizeof(aip_plugin_descriptor),
    .abi_major = AIP_ABI_MAJOR, .abi_minor = AIP_ABI_MINOR,
    .name = "fx-init-fails", .version = "1.0.0",
    .description = "test fixture: init fails with an error body",
    .provides = provides, .provides_count = 1,
    .init = fx_init, .shutdown = fx_shutdown, .handle = fx_handle,
};

AIP_EXPORT const aip_plugin_descriptor *aip_plugin_entry(void) { return &descriptor; }
