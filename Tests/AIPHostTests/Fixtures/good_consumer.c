/*
 * Fixture "fx-consumer" 0.3.0 (NOT thread-safe: the host serialises calls).
 * Requires fx.echo "^1.0"; subscribes ASYNC (queue 4, DROP_OLDEST) to fx.#.
 *
 *   fx.relay 1.0.0  looks up fx.echo once (handle cached in the instance after
 *                   the first success), calls it with the request payload and
 *                   content type, and returns its reply and status unchanged.
 *   fx.sneak 1.0.0  host->call_by_name("fx.parse", {}) — fx.parse is NOT in
 *                   `requirements` — and replies {"status": N} (expected 3,
 *                   AIP_ERR_PERMISSION_DENIED) with AIP_OK.
 *   fx.seen  1.0.0  {"events": N}: fx.# events delivered so far.
 */
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

#include "aip_plugin.h"
#include "aip_json.h"

typedef struct consumer {
    const aip_host_api *host;
    aip_host_ctx *ctx;
    _Atomic(aip_capability *) echo;   /* cached fx.echo handle (valid for the process) */
    atomic_uint_fast64_t events;
    uint64_t subscription;
} consumer;

enum { CAP_RELAY, CAP_SNEAK, CAP_SEEN };

static void on_event(void *user_data, const aip_event *event)
{
    consumer *self = (consumer *)user_data;
    (void)event;
    atomic_fetch_add(&self->events, 1);
}

static aip_status relay(consumer *self, const aip_request *req, aip_response *resp)
{
    aip_request forward = { sizeof(aip_request), 0, "fx.echo", req->content_type, req->data, req->len, "fx-consumer" };
    aip_response inner = { sizeof(aip_response), 0, NULL, NULL, 0 };
    aip_capability *echo = atomic_load(&self->echo);
    aip_status status;
    if (echo == NULL) {
        status = self->host->lookup(self->ctx, "fx.echo", NULL, &echo);
        if (status != AIP_OK)
            return aip_json_error(self->host, resp, status, "cannot resolve fx.echo: %s", aip_status_name(status));
        atomic_store(&self->echo, echo);
    }
    status = self->host->call(self->ctx, echo, &forward, &inner);
    /* The callee's body was allocated with host->alloc: hand it straight to our caller. */
    resp->content_type = inner.content_type;
    resp->data = inner.data;
    resp->len = inner.len;
    return status;
}

static aip_status sneak(consumer *self, aip_response *resp)
{
    static const char payload[] = "{}";
    aip_request req = { sizeof(aip_request), 0, "fx.parse", AIP_CONTENT_JSON, (const uint8_t *)payload,
                        sizeof payload - 1, "fx-consumer" };
    aip_response inner = { sizeof(aip_response), 0, NULL, NULL, 0 };
    aip_status status = self->host->call_by_name(self->ctx, "fx.parse", &req, &inner);
    self->host->free(inner.data);
    return aip_json_reply(self->host, resp, json_pack("{s:i}", "status", (int)status));
}

static aip_status consumer_handle(void *instance, const aip_request *req, aip_response *resp)
{
    consumer *self = (consumer *)instance;
    switch (req->capability_index) {
    case CAP_RELAY: return relay(self, req, resp);
    case CAP_SNEAK: return sneak(self, resp);
    case CAP_SEEN:
        return aip_json_reply(self->host, resp,
                              json_pack("{s:I}", "events", (json_int_t)atomic_load(&self->events)));
    default: return aip_json_error(self->host, resp, AIP_ERR_NOT_FOUND, "unknown capability");
    }
}

static aip_status consumer_init(const aip_host_api *host, aip_host_ctx *ctx, void **instance, aip_response *error)
{
    aip_subscribe_options options = { sizeof(aip_subscribe_options), AIP_DELIVERY_ASYNC, 4, AIP_OVERFLOW_DROP_OLDEST, 0 };
    aip_status status;
    consumer *self = (consumer *)calloc(1, sizeof *self);
    if (self == NULL)
        return aip_json_error(host, error, AIP_ERR_RESOURCE_EXHAUSTED, "out of memory");
    self->host = host;
    self->ctx = ctx;
    atomic_init(&self->echo, NULL);
    atomic_init(&self->events, 0);
    status = host->subscribe(ctx, "fx.#", &options, on_event, self, &self->subscription);
    if (status != AIP_OK) {
        free(self);
        return aip_json_error(host, error, status, "cannot subscribe to fx.#");
    }
    *instance = self;
    return AIP_OK;
}

static void consumer_shutdown(void *instance)
{
    consumer *self = (consumer *)instance;
    self->host->unsubscribe(self->ctx, self->subscription);
    free(self);
}

static const aip_capability_decl provides[] = {
    [CAP_RELAY] = { sizeof(aip_capability_decl), "fx.relay", "1.0.0", NULL, NULL, 0 },
    [CAP_SNEAK] = { sizeof(aip_capability_decl), "fx.sneak", "1.0.0", NULL, NULL, 0 },
    [CAP_SEEN] = { sizeof(aip_capability_decl), "fx.seen", "1.0.0", NULL, NULL, 0 },
};
static const aip_requirement requirements[] = {
    { sizeof(aip_requirement), "fx.echo", "^1.0", 0 },
};
static const char *const subscribes[] = { "fx.#" };

static const aip_plugin_descriptor descriptor = {
    .struct_size = sizeof(aip_plugin_descriptor),
    .abi_major = AIP_ABI_MAJOR, .abi_minor = AIP_ABI_MINOR,
    .name = "fx-consumer", .version = "0.3.0",
    .description = "test fixture: consumer of fx-provider",
    .provides = provides, .provides_count = 3,
    .requirements = requirements, .requirements_count = 1,
    .subscribes = subscribes, .subscribes_count = 1,
    .init = consumer_init, .shutdown = consumer_shutdown, .handle = consumer_handle,
};

AIP_EXPORT const aip_plugin_descriptor *aip_plugin_entry(void) { return &descriptor; }
