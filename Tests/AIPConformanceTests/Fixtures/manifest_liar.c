/*
 * Fixture "fx-liar": a well-behaved plugin providing liar.echo only. Its manifest,
 * manifest_liar.plugin.json (installed next to it as plugin.json), also claims liar.extra.
 */
#include "fixture_body.h"

static aip_status liar_handle(void *instance, const aip_request *req, aip_response *resp)
{
    (void)req;
    return fixture_reply_empty_object((const fixture *)instance, resp);
}

static const aip_capability_decl provides[] = { FIXTURE_CAPABILITY("liar.echo") };

static const aip_plugin_descriptor descriptor = {
    .struct_size = sizeof(aip_plugin_descriptor),
    .abi_major = AIP_ABI_MAJOR, .abi_minor = AIP_ABI_MINOR,
    .name = "fx-liar", .version = "1.0.0",
    .provides = provides, .provides_count = 1,
    .init = fixture_init, .shutdown = fixture_shutdown, .handle = liar_handle,
};

AIP_EXPORT const aip_plugin_descriptor *aip_plugin_entry(void) { return &descriptor; }
