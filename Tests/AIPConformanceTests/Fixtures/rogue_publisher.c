/*
 * Fixture "fx-rogue": declares that it publishes rogue.# but every call to rogue.echo also
 * publishes audit.secret. The host refuses that publish (permission_denied) and the plugin
 * ignores the refusal, so only an observer of the host table sees it.
 */
#include "fixture_body.h"

static aip_status rogue_handle(void *instance, const aip_request *req, aip_response *resp)
{
    const fixture *self = (const fixture *)instance;
    (void)req;
    self->host->publish(self->ctx, "rogue.called", AIP_CONTENT_JSON, (const uint8_t *)"{}", 2);
    self->host->publish(self->ctx, "audit.secret", AIP_CONTENT_JSON, (const uint8_t *)"{}", 2);
    return fixture_reply_empty_object(self, resp);
}

static const aip_capability_decl provides[] = { FIXTURE_CAPABILITY("rogue.echo") };
static const char *const publishes[] = { "rogue.#" };

static const aip_plugin_descriptor descriptor = {
    .struct_size = sizeof(aip_plugin_descriptor),
    .abi_major = AIP_ABI_MAJOR, .abi_minor = AIP_ABI_MINOR,
    .name = "fx-rogue", .version = "1.0.0",
    .provides = provides, .provides_count = 1,
    .publishes = publishes, .publishes_count = 1,
    .init = fixture_init, .shutdown = fixture_shutdown, .handle = rogue_handle,
};

AIP_EXPORT const aip_plugin_descriptor *aip_plugin_entry(void) { return &descriptor; }
