/*
 * Fixture "fx-crash": crash.echo answers {} but dies on any payload longer than 4 KB, the way a
 * plugin copying requests into a fixed 4 KB buffer would. raise() stands in for the overflow so
 * the crash is the same with every compiler and optimisation level.
 */
#include <signal.h>

#include "fixture_body.h"

static aip_status crash_handle(void *instance, const aip_request *req, aip_response *resp)
{
    if (req->len > 4096)
        raise(SIGSEGV);
    return fixture_reply_empty_object((const fixture *)instance, resp);
}

static const aip_capability_decl provides[] = { FIXTURE_CAPABILITY("crash.echo") };

static const aip_plugin_descriptor descriptor = {
    .struct_size = sizeof(aip_plugin_descriptor),
    .abi_major = AIP_ABI_MAJOR, .abi_minor = AIP_ABI_MINOR,
    .name = "fx-crash", .version = "1.0.0",
    .provides = provides, .provides_count = 1,
    .init = fixture_init, .shutdown = fixture_shutdown, .handle = crash_handle,
};

AIP_EXPORT const aip_plugin_descriptor *aip_plugin_entry(void) { return &descriptor; }
