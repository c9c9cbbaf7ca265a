/*
 * Fixture "fx-slow": slow.echo answers {} at once, but takes 600 ms over an empty payload (as if
 * it waited for a body that never comes). Every call returns: only the latency bound catches it.
 */
#include <time.h>

#include "fixture_body.h"

static aip_status slow_handle(void *instance, const aip_request *req, aip_response *resp)
{
    if (req->len == 0) {
        struct timespec pause_for = { 0, 600 * 1000 * 1000 };
        nanosleep(&pause_for, NULL);
    }
    return fixture_reply_empty_object((const fixture *)instance, resp);
}

static const aip_capability_decl provides[] = { FIXTURE_CAPABILITY("slow.echo") };

static const aip_plugin_descriptor descriptor = {
    .struct_size = sizeof(aip_plugin_descriptor),
    .abi_major = AIP_ABI_MAJOR, .abi_minor = AIP_ABI_MINOR,
    .name = "fx-slow", .version = "1.0.0",
    .provides = provides, .provides_count = 1,
    .init = fixture_init, .shutdown = fixture_shutdown, .handle = slow_handle,
};

AIP_EXPORT const aip_plugin_descriptor *aip_plugin_entry(void) { return &descriptor; }
