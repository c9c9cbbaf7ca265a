/// C source of "kit-hang": `hang.sleep` sleeps 10 seconds before answering, to prove a call that
/// does not return in time throws instead of hanging the test. Thread-safe, so the sleeping call
/// holds no plugin lock and stopping the host afterwards is not delayed by it.
enum HangPluginSource {
    static let text = #"""
#include <stdint.h>
#include <unistd.h>

#include "aip_plugin.h"
#include "aip_json.h"

static aip_status hang_init(const aip_host_api *host, aip_host_ctx *ctx, void **instance, aip_response *error)
{
    (void)ctx;
    (void)error;
    *instance = (void *)(uintptr_t)host;
    return AIP_OK;
}

static aip_status hang_handle(void *instance, const aip_request *req, aip_response *resp)
{
    const aip_host_api *host = (const aip_host_api *)instance;
    (void)req;
    sleep(10);
    return aip_json_reply(host, resp, json_pack("{s:b}", "woke", 1));
}

static const aip_capability_decl provides[] = {
    { sizeof(aip_capability_decl), "hang.sleep", "1.0.0", NULL, NULL, 0 },
};

static const aip_plugin_descriptor descriptor = {
    .struct_size = sizeof(aip_plugin_descriptor),
    .abi_major = AIP_ABI_MAJOR, .abi_minor = AIP_ABI_MINOR,
    .name = "kit-hang", .version = "1.0.0",
    .description = "PluginTestKit fixture: a capability that takes 10 s",
    .flags = AIP_PLUGIN_THREAD_SAFE,
    .provides = provides, .provides_count = 1,
    .init = hang_init, .handle = hang_handle,
};

AIP_EXPORT const aip_plugin_descriptor *aip_plugin_entry(void) { return &descriptor; }
"""#
}
