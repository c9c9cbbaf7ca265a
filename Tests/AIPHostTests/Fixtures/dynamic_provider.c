/*
 * Fixture "fx-dynamic" 1.0.0 (NOT thread-safe: the host must serialise calls into it).
 * Exercises the host-table functions the other fixtures do not:
 *   - register_capability: in init registers dyn.hello (declared through the "dyn.*"
 *     family entry of `provides`) and tries other.cap (undeclared: must be refused);
 *   - native: fx.dyn.add looks up fx.add (optional requirement), asks the host for the
 *     native pointer and signature, and calls the function directly;
 *   - report_health: start reports "degraded" with a message;
 *   - unsubscribe: fx.dyn.unsub cancels its own fx.# subscription;
 *   - has_subscribers (ABI 1.1): fx.dyn.hassubs asks about its own topic dyn.out and
 *     about zz.top, which it may not publish to (must answer 1).
 *   fx.dyn.status  {"hello":S,"other":S} statuses register_capability returned
 *   fx.dyn.guard   sleeps briefly; counts overlapping entries (must stay 0 when serialised)
 */
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aip_plugin.h"
#include "aip_json.h"

typedef struct dynamic {
    const aip_host_api *host;
    aip_host_ctx *ctx;
    aip_status hello_status;
    aip_status other_status;
    atomic_int inside;
    atomic_int overlaps;
    atomic_int events;
    uint64_t subscription;
} dynamic;

enum { CAP_FAMILY, CAP_STATUS, CAP_ADD, CAP_GUARD, CAP_UNSUB, CAP_EVENTS, CAP_HASSUBS };

static aip_status hello(void *user_data, const aip_request *req, aip_response *resp)
{
    dynamic *self = (dynamic *)user_data;
    (void)req;
    return aip_json_reply(self->host, resp, json_pack("{s:s}", "hello", "from a run-time capability"));
}

static void on_event(void *user_data, const aip_event *event)
{
    (void)event;
    atomic_fetch_add(&((dynamic *)user_data)->events, 1);
}

static aip_status native_add(dynamic *self, aip_response *resp)
{
    aip_capability *add = NULL;
    aip_native_fn fn = NULL;
    const char *signature = NULL;
    aip_status status = self->host->lookup(self->ctx, "fx.add", NULL, &add);
    if (status != AIP_OK)
        return aip_json_error(self->host, resp, status, "lookup fx.add failed");
    status = self->host->native(self->ctx, add, &fn, &signature);
    if (status != AIP_OK)
        return aip_json_error(self->host, resp, status, "native fx.add failed");
    if (strcmp(signature, "i64(i64,i64)") != 0)
        return aip_json_error(self->host, resp, AIP_ERR_INTERNAL, "unexpected signature %s", signature);
    int64_t (*typed)(int64_t, int64_t) = (int64_t (*)(int64_t, int64_t))fn;
    return aip_json_reply(self->host, resp, json_pack("{s:I,s:s}", "sum", (json_int_t)typed(19, 23), "signature", signature));
}

static aip_status guard(dynamic *self, aip_response *resp)
{
    struct timespec pause = { 0, 200000 }; /* 0.2 ms: long enough for a racing call to overlap */
    if (atomic_fetch_add(&self->inside, 1) != 0)
        atomic_fetch_add(&self->overlaps, 1);
    nanosleep(&pause, NULL);
    atomic_fetch_sub(&self->inside, 1);
    return aip_json_reply(self->host, resp, json_pack("{s:i}", "overlaps", atomic_load(&self->overlaps)));
}

static aip_status handle(void *instance, const aip_request *req, aip_response *resp)
{
    dynamic *self = (dynamic *)instance;
    switch (req->capability_index) {
    case CAP_STATUS:
        return aip_json_reply(self->host, resp, json_pack("{s:i,s:i}", "hello", self->hello_status, "other", self->other_status));
    case CAP_ADD:
        return native_add(self, resp);
    case CAP_GUARD:
        return guard(self, resp);
    case CAP_UNSUB:
        return aip_json_reply(self->host, resp, json_pack("{s:i}", "status", self->host->unsubscribe(self->ctx, self->subscription)));
    case CAP_EVENTS:
        return aip_json_reply(self->host, resp, json_pack("{s:i}", "events", atomic_load(&self->events)));
    case CAP_HASSUBS:
        if (self->host->struct_size < offsetof(aip_host_api, has_subscribers) + sizeof self->host->has_subscribers)
            return aip_json_error(self->host, resp, AIP_ERR_UNSUPPORTED, "the host table has no has_subscribers");
        return aip_json_reply(self->host, resp, json_pack("{s:i,s:i}", "own", self->host->has_subscribers(self->ctx, "dyn.out"),
                                                          "undeclared", self->host->has_subscribers(self->ctx, "zz.top")));
    default:
        return aip_json_error(self->host, resp, AIP_ERR_NOT_FOUND, "no capability %u", req->capability_index);
    }
}

static aip_status dyn_init(const aip_host_api *host, aip_host_ctx *ctx, void **instance, aip_response *error)
{
    dynamic *self = (dynamic *)calloc(1, sizeof *self);
    if (self == NULL)
        return aip_json_error(host, error, AIP_ERR_RESOURCE_EXHAUSTED, "out of memory");
    self->host = host;
    self->ctx = ctx;
    self->hello_status = host->register_capability(ctx, "dyn.hello", "1.0.0", hello, self);
    self->other_status = host->register_capability(ctx, "other.cap", "1.0.0", hello, self);
    aip_status status = host->subscribe(ctx, "fx.#", NULL, on_event, self, &self->subscription);
    if (status != AIP_OK) {
        free(self);
        return aip_json_error(host, error, status, "subscribe failed");
    }
    *instance = self;
    return AIP_OK;
}

static aip_status dyn_start(void *instance, aip_response *error)
{
    dynamic *self = (dynamic *)instance;
    (void)error;
    self->host->report_health(self->ctx, AIP_HEALTH_DEGRADED, "warming up");
    return AIP_OK;
}

static void dyn_shutdown(void *instance)
{
    free(instance);
}

static const aip_capability_decl provides[] = {
    [CAP_FAMILY] = { sizeof(aip_capability_decl), "dyn.*", "1.0.0", NULL, NULL, 0 },
    [CAP_STATUS] = { sizeof(aip_capability_decl), "fx.dyn.status", "1.0.0", NULL, NULL, 0 },
    [CAP_ADD] = { sizeof(aip_capability_decl), "fx.dyn.add", "1.0.0", NULL, NULL, 0 },
    [CAP_GUARD] = { sizeof(aip_capability_decl), "fx.dyn.guard", "1.0.0", NULL, NULL, 0 },
    [CAP_UNSUB] = { sizeof(aip_capability_decl), "fx.dyn.unsub", "1.0.0", NULL, NULL, 0 },
    [CAP_EVENTS] = { sizeof(aip_capability_decl), "fx.dyn.events", "1.0.0", NULL, NULL, 0 },
    [CAP_HASSUBS] = { sizeof(aip_capability_decl), "fx.dyn.hassubs", "1.0.0", NULL, NULL, 0 },
};

static const aip_requirement requirements[] = {
    { sizeof(aip_requirement), "fx.add", NULL, AIP_REQUIRE_OPTIONAL },
};

static const char *const subscribes[] = { "fx.#" };
static const char *const publishes[] = { "dyn.out" };

static const aip_plugin_descriptor descriptor = {
    .struct_size = sizeof(aip_plugin_descriptor),
    .abi_major = AIP_ABI_MAJOR,
    .abi_minor = AIP_ABI_MINOR,
    .name = "fx-dynamic",
    .version = "1.0.0",
    .description = "fixture: run-time capabilities, native lookup, health, serialisation",
    .flags = 0,
    .provides = provides,
    .provides_count = sizeof provides / sizeof provides[0],
    .requirements = requirements,
    .requirements_count = 1,
    .publishes = publishes,
    .publishes_count = 1,
    .subscribes = subscribes,
    .subscribes_count = 1,
    .init = dyn_init,
    .start = dyn_start,
    .shutdown = dyn_shutdown,
    .handle = handle,
};

AIP_EXPORT const aip_plugin_descriptor *aip_plugin_entry(void)
{
    return &descriptor;
}
