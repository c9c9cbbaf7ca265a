/*
 * One C plugin body for the marketplace tests, compiled once per (name, version, requirement):
 *   cc -DMP_NAME='"alpha"' -DMP_VERSION='"1.2.0"' [-DMP_REQUIRES='"beta.version"' -DMP_RANGE='"^1.0"'] ...
 * It provides NAME.version (1.0.0, message): replies {"name": NAME, "version": VERSION}, so a test
 * can ask the host which version it actually loaded after an install, upgrade or rollback.
 */
#include "aip_plugin.h"
#include "aip_json.h"

#ifndef MP_NAME
#error "define MP_NAME"
#endif
#ifndef MP_VERSION
#error "define MP_VERSION"
#endif

static aip_status mp_init(const aip_host_api *host, aip_host_ctx *ctx, void **instance, aip_response *error)
{
    (void)ctx;
    (void)error;
    *instance = (void *)host;
    return AIP_OK;
}

static aip_status mp_handle(void *instance, const aip_request *req, aip_response *resp)
{
    const aip_host_api *host = (const aip_host_api *)instance;
    (void)req;
    return aip_json_reply(host, resp, json_pack("{s:s,s:s}", "name", MP_NAME, "version", MP_VERSION));
}

static const aip_capability_decl provides[] = {
    { sizeof(aip_capability_decl), MP_NAME ".version", "1.0.0", NULL, NULL, 0 },
};

#ifdef MP_REQUIRES
static const aip_requirement requirements[] = {
    { sizeof(aip_requirement), MP_REQUIRES, MP_RANGE, 0 },
};
#endif

static const aip_plugin_descriptor descriptor = {
    .struct_size = sizeof(aip_plugin_descriptor),
    .abi_major = AIP_ABI_MAJOR, .abi_minor = AIP_ABI_MINOR,
    .name = MP_NAME, .version = MP_VERSION,
    .description = "marketplace test plugin " MP_NAME,
    .flags = AIP_PLUGIN_THREAD_SAFE,
    .provides = provides, .provides_count = 1,
#ifdef MP_REQUIRES
    .requirements = requirements, .requirements_count = 1,
#endif
    .init = mp_init, .handle = mp_handle,
};

AIP_EXPORT const aip_plugin_descriptor *aip_plugin_entry(void) { return &descriptor; }
