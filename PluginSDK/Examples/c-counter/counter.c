/*
 * counter — example C plugin for the AI Platform plugin ABI 1.0.
 *
 * Shows every part of the ABI a typical plugin uses:
 *   - message capabilities answered by `handle` (counter.increment, counter.get),
 *   - a native capability (counter.add, "i64(i64,i64)"),
 *   - a config section with a JSON Schema (start, step), read in init,
 *   - publishing an event (counter.changed) and a sync subscription (greeter.#),
 *   - logging, error bodies, thread safety (AIP_PLUGIN_THREAD_SAFE + a mutex).
 *
 * All state lives in the instance created by init; the only static data is
 * the (constant) descriptor.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aip_plugin.h"
#include "aip_json.h"

/* ---- Instance state ------------------------------------------------------ */

typedef struct counter_instance {
    const aip_host_api *host;   /* valid until shutdown returns */
    aip_host_ctx *ctx;
    pthread_mutex_t lock;       /* guards everything below */
    int64_t value;
    int64_t step;
    uint64_t events_seen;
    char *last_topic;           /* malloc'd copy (private memory, never handed to the host) */
    size_t last_topic_capacity;
    uint64_t subscription;
    int subscribed;
} counter_instance;

enum { CAP_INCREMENT = 0, CAP_GET = 1, CAP_ADD = 2 }; /* indexes into `provides` below */

/* ---- Native capability ----------------------------------------------------- */

/* counter.add, "i64(i64,i64)": pure, so safe from any thread. Wraps on overflow
 * (two's complement) instead of invoking undefined behaviour. */
static int64_t counter_add(int64_t a, int64_t b)
{
    return (int64_t)((uint64_t)a + (uint64_t)b);
}

/* ---- Event callback ------------------------------------------------------- */

/* Sync subscription to greeter.#: runs on the publisher's thread, inside publish.
 * Event fields are valid only during the call, so the topic is copied. */
static void on_greeter_event(void *user_data, const aip_event *event)
{
    counter_instance *self = (counter_instance *)user_data;
    size_t need = strlen(event->topic) + 1;
    pthread_mutex_lock(&self->lock);
    self->events_seen++;
    if (need > self->last_topic_capacity) {
        char *bigger = (char *)realloc(self->last_topic, need);
        if (bigger != NULL) {
            self->last_topic = bigger;
            self->last_topic_capacity = need;
        }
    }
    if (self->last_topic != NULL && need <= self->last_topic_capacity)
        memcpy(self->last_topic, event->topic, need);
    pthread_mutex_unlock(&self->lock);
}

/* ---- Lifecycle ------------------------------------------------------------ */

static aip_status counter_init(const aip_host_api *host, aip_host_ctx *ctx, void **instance, aip_response *error)
{
    json_int_t start = 0, step = 1;
    aip_subscribe_options options;
    aip_status status;
    counter_instance *self;
    json_t *config = aip_json_config(host, ctx);

    if (config == NULL)
        return aip_json_error(host, error, AIP_ERR_INVALID_ARGUMENT, "counter: config section is not valid JSON");
    if (!aip_json_int_field(config, "start", 0, &start) || !aip_json_int_field(config, "step", 1, &step)) {
        json_decref(config);
        return aip_json_error(host, error, AIP_ERR_INVALID_ARGUMENT, "counter: \"start\" and \"step\" must be integers");
    }
    json_decref(config);
    if (step < 1)
        return aip_json_error(host, error, AIP_ERR_INVALID_ARGUMENT,
                              "counter: \"step\" must be at least 1, got %" JSON_INTEGER_FORMAT, step);

    self = (counter_instance *)calloc(1, sizeof *self);
    if (self == NULL)
        return aip_json_error(host, error, AIP_ERR_RESOURCE_EXHAUSTED, "counter: out of memory");
    if (pthread_mutex_init(&self->lock, NULL) != 0) {
        free(self);
        return aip_json_error(host, error, AIP_ERR_INTERNAL, "counter: cannot create a mutex");
    }
    self->host = host;
    self->ctx = ctx;
    self->value = (int64_t)start;
    self->step = (int64_t)step;

    /* Sync delivery: the callback runs inside the publisher's publish call. */
    memset(&options, 0, sizeof options);
    options.struct_size = sizeof options;
    options.delivery = AIP_DELIVERY_SYNC;
    status = host->subscribe(ctx, "greeter.#", &options, on_greeter_event, self, &self->subscription);
    if (status != AIP_OK) {
        pthread_mutex_destroy(&self->lock);
        free(self);
        return aip_json_error(host, error, status, "counter: cannot subscribe to greeter.# (%s)",
                              aip_status_name(status));
    }
    self->subscribed = 1;

    aip_logf(host, ctx, AIP_LOG_INFO, "counter starting at %" JSON_INTEGER_FORMAT ", step %" JSON_INTEGER_FORMAT,
             start, step);
    *instance = self;
    return AIP_OK;
}

/* shutdown is called after every successful init (start/stop may never have run). */
static void counter_shutdown(void *instance)
{
    counter_instance *self = (counter_instance *)instance;
    if (self == NULL)
        return;
    if (self->subscribed) /* after unsubscribe returns, the callback never runs again */
        self->host->unsubscribe(self->ctx, self->subscription);
    pthread_mutex_destroy(&self->lock);
    free(self->last_topic);
    free(self);
}

/* ---- Message capabilities -------------------------------------------------- */

/* counter.increment: {"by": N}? -> {"value": V}; publishes counter.changed {"value": V}. */
static aip_status counter_increment(counter_instance *self, const aip_request *req, aip_response *resp)
{
    const aip_host_api *host = self->host;
    aip_status status;
    json_int_t by;
    int64_t value;
    int overflow;
    json_t *payload = aip_json_request_ex(host, req, resp, &status);

    if (payload == NULL)
        return status;
    if (!json_is_object(payload)) {
        json_decref(payload);
        return aip_json_error(host, resp, AIP_ERR_INVALID_ARGUMENT,
                              "counter.increment expects an object such as {\"by\": 2}");
    }
    /* "by" defaults to the configured step (immutable after init: no lock needed). */
    if (!aip_json_int_field(payload, "by", (json_int_t)self->step, &by)) {
        json_decref(payload);
        return aip_json_error(host, resp, AIP_ERR_INVALID_ARGUMENT,
                              "counter.increment: \"by\" must be an integer");
    }
    json_decref(payload);

    pthread_mutex_lock(&self->lock);
    overflow = (by > 0 && self->value > INT64_MAX - by) || (by < 0 && self->value < INT64_MIN - by);
    if (!overflow)
        self->value += by;
    value = self->value;
    pthread_mutex_unlock(&self->lock);
    if (overflow)
        return aip_json_error(host, resp, AIP_ERR_INVALID_ARGUMENT,
                              "counter.increment: adding %" JSON_INTEGER_FORMAT " to %lld would overflow",
                              by, (long long)value);

    /* Publish WITHOUT holding the lock: sync subscribers run inside publish and
     * may call back into this plugin (or publish greeter.* events we receive). */
    status = aip_json_publish(host, self->ctx, "counter.changed", json_pack("{s:I}", "value", (json_int_t)value));
    if (status != AIP_OK)
        aip_logf(host, self->ctx, AIP_LOG_WARNING, "publishing counter.changed failed: %s", aip_status_name(status));

    return aip_json_reply(host, resp, json_pack("{s:I}", "value", (json_int_t)value));
}

/* counter.get: -> {"value": V, "events_seen": E, "last_event_topic": "..." | null} */
static aip_status counter_get(counter_instance *self, aip_response *resp)
{
    json_t *reply;
    pthread_mutex_lock(&self->lock);
    reply = json_pack("{s:I,s:I,s:s?}", "value", (json_int_t)self->value,
                      "events_seen", (json_int_t)self->events_seen,
                      "last_event_topic", self->last_topic);
    pthread_mutex_unlock(&self->lock);
    return aip_json_reply(self->host, resp, reply);
}

static aip_status counter_handle(void *instance, const aip_request *req, aip_response *resp)
{
    counter_instance *self = (counter_instance *)instance;
    switch (req->capability_index) {
    case CAP_INCREMENT: return counter_increment(self, req, resp);
    case CAP_GET: return counter_get(self, resp);
    default:
        return aip_json_error(self->host, resp, AIP_ERR_NOT_FOUND, "counter has no message capability %s",
                              req->capability != NULL ? req->capability : "(unnamed)");
    }
}

/* ---- Descriptor ------------------------------------------------------------- */

static const aip_capability_decl counter_provides[] = {
    [CAP_INCREMENT] = { sizeof(aip_capability_decl), "counter.increment", "1.0.0", NULL, NULL, 0 },
    [CAP_GET] = { sizeof(aip_capability_decl), "counter.get", "1.0.0", NULL, NULL, 0 },
    /* Function pointer -> void *: allowed by POSIX (dlsym relies on it), not by ISO C. */
    [CAP_ADD] = { sizeof(aip_capability_decl), "counter.add", "1.0.0", "i64(i64,i64)", (aip_native_fn)counter_add, 0 },
};

static const char *const counter_publishes[] = { "counter.#" };
static const char *const counter_subscribes[] = { "greeter.#" };

static const aip_plugin_descriptor counter_descriptor = {
    .struct_size = sizeof(aip_plugin_descriptor),
    .abi_major = AIP_ABI_MAJOR,
    .abi_minor = AIP_ABI_MINOR,
    .name = "counter",
    .version = "1.0.0",
    .description = "Example C plugin: a thread-safe counter that counts greeter events",
    .flags = AIP_PLUGIN_THREAD_SAFE,
    .swift_toolchain = NULL,
    .provides = counter_provides,
    .provides_count = sizeof counter_provides / sizeof counter_provides[0],
    .requirements = NULL,
    .requirements_count = 0,
    .publishes = counter_publishes,
    .publishes_count = 1,
    .subscribes = counter_subscribes,
    .subscribes_count = 1,
    .config_schema =
        "{\"type\":\"object\","
        "\"properties\":{\"start\":{\"type\":\"integer\",\"default\":0},"
        "\"step\":{\"type\":\"integer\",\"minimum\":1,\"default\":1}},"
        "\"additionalProperties\":false}",
    .init = counter_init,
    .start = NULL,
    .stop = NULL,
    .shutdown = counter_shutdown,
    .handle = counter_handle,
};


AIP_EXPORT const aip_plugin_descriptor *aip_plugin_entry(void)
{
    return &counter_descriptor;
}
