/*
 * Fixture "fx-once": keeps "already started" in a static instead of in its instance, so start
 * works once per process: a fresh instance after a full shutdown is refused.
 */
#include "fixture_body.h"

static int started_before;

static aip_status once_start(void *instance, aip_response *error)
{
    const fixture *self = (const fixture *)instance;
    if (started_before)
        return aip_json_error(self->host, error, AIP_ERR_CONFLICT, "fx-once: already started once in this process");
    started_before = 1;
    return AIP_OK;
}

static aip_status once_handle(void *instance, const aip_request *req, aip_response *resp)
{
    (void)req;
    return fixture_reply_empty_object((const fixture *)instance, resp);
}

static const aip_capability_decl provides[] = { FIXTURE_CAPABILITY("once.echo") };

static const aip_plugin_descriptor descriptor = {
    .struct_size = sizeof(aip_plugin_descriptor),
    .abi_major = AIP_ABI_MAJOR, .abi_minor = AIP_ABI_MINOR,
    .name = "fx-once", .version = "1.0.0",
    .provides = provides, .provides_count = 1,
    .init = fixture_init, .start = once_start, .shutdown = fixture_shutdown, .handle = once_handle,
};

AIP_EXPORT const aip_plugin_descriptor *aip_plugin_entry(void) { return &descriptor; }
