/*
 * Fixture "fx-configured": a plugin whose config section is required.
 * Schema: {"type":"object","properties":{"threshold":{"type":"integer","minimum":0,"maximum":10}},
 *          "required":["threshold"],"additionalProperties":false}
 * The host must refuse it (config stage) when the section is missing or invalid, and
 * pass the validated section otherwise. fx.threshold 1.0.0 replies {"threshold":N}.
 * init re-checks the value itself and fails with invalid_argument if it is absent.
 */
#include <stdlib.h>

#include "aip_plugin.h"
#include "aip_json.h"

typedef struct configured {
    const aip_host_api *host;
    json_int_t threshold;
} configured;

static aip_status fx_init(const aip_host_api *host, aip_host_ctx *ctx, void **instance, aip_response *error)
{
    configured *self;
    json_t *config = aip_json_config(host, ctx);
    json_t *threshold = json_object_get(config, "threshold");
    if (!json_is_integer(threshold)) {
        json_decref(config);
        return aip_json_error(host, error, AIP_ERR_INVALID_ARGUMENT, "config: \"threshold\" (integer) is required");
    }
    self = (configured *)malloc(sizeof *self);
    if (self == NULL) {
        json_decref(config);
        return aip_json_error(host, error, AIP_ERR_RESOURCE_EXHAUSTED, "out of memory");
    }
    self->host = host;
    self->threshold = json_integer_value(threshold);
    json_decref(config);
    *instance = self;
    return AIP_OK;
}

static void fx_shutdown(void *instance)
{
    free(instance);
}

static aip_status fx_handle(void *instance, const aip_request *req, aip_response *resp)
{
    configured *self = (configured *)instance;
    (void)req;
    return aip_json_reply(self->host, resp, json_pack("{s:I}", "threshold", self->threshold));
}

static const aip_capability_decl provides[] = {
    { sizeof(aip_capability_decl), "fx.threshold", "1.0.0", NULL, NULL, 0 },
};

static const aip_plugin_descriptor descriptor = {
    .struct_size = sizeof(aip_plugin_descriptor),
    .abi_major = AIP_ABI_MAJOR, .abi_minor = AIP_ABI_MINOR,
    .name = "fx-configured", .version = "1.0.0",
    .description = "test fixture: required config section",
    .provides = provides, .provides_count = 1,
    .config_schema = "{\"type\":\"object\","
                     "\"properties\":{\"threshold\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":10}},"
                     "\"required\":[\"threshold\"],\"additionalProperties\":false}",
    .init = fx_init, .shutdown = fx_shutdown, .handle = fx_handle,
};

AIP_EXPORT const aip_plugin_descriptor *aip_plugin_entry(void) { return &descriptor; }
