/*
 * Fixture "fx-hang": hang.parse answers {} but never returns once a payload nests more than 100
 * brackets deep, like a parser waiting for a closing bracket that a depth limit swallowed.
 */
#include <unistd.h>

#include "fixture_body.h"

static aip_status hang_handle(void *instance, const aip_request *req, aip_response *resp)
{
    size_t depth = 0, i;
    for (i = 0; i < req->len; i++)
        if (req->data[i] == '[' || req->data[i] == '{')
            depth++;
    if (depth > 100)
        for (;;)
            pause();
    return fixture_reply_empty_object((const fixture *)instance, resp);
}

static const aip_capability_decl provides[] = { FIXTURE_CAPABILITY("hang.parse") };

static const aip_plugin_descriptor descriptor = {
    .struct_size = sizeof(aip_plugin_descriptor),
    .abi_major = AIP_ABI_MAJOR, .abi_minor = AIP_ABI_MINOR,
    .name = "fx-hang", .version = "1.0.0",
    .provides = provides, .provides_count = 1,
    .init = fixture_init, .shutdown = fixture_shutdown, .handle = hang_handle,
};

AIP_EXPORT const aip_plugin_descriptor *aip_plugin_entry(void) { return &descriptor; }
