/// C source of "kit-probe", a thread-safe fixture plugin that exposes what the kit gives a plugin
/// (config, data directory) and produces what the kit must capture (events, error statuses).
///
///   probe.config        replies with the config section exactly as host->config_json returned it
///   probe.write         {"file": F, "text": T} writes T to DATA_DIR/F; replies {"path": DATA_DIR/F}
///   probe.fail          answers invalid_argument, "probe was asked to fail"
///   probe.emit          {"count": N} publishes probe.tick {"n": i} for i in 1...N; replies {"published": N}
///   probe.emit-later    replies at once; 300 ms later a thread publishes probe.later {"late": true}
///   probe.bytes         replies the request bytes back as application/octet-stream
///   probe.seen          {"events": N, "last": TEXT|null}: test.# events received (sync subscription)
enum ProbePluginSource {
    static let text = #"""
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aip_plugin.h"
#include "aip_json.h"

typedef struct probe {
    const aip_host_api *host;
    aip_host_ctx *ctx;
    pthread_mutex_t lock;
    int64_t events;
    char last[256];
    uint64_t subscription;
    pthread_t later;           /* the probe.emit-later thread, joined by shutdown */
    int later_running;
} probe;

enum { CAP_CONFIG, CAP_WRITE, CAP_FAIL, CAP_EMIT, CAP_EMIT_LATER, CAP_BYTES, CAP_SEEN };

static void on_test_event(void *user_data, const aip_event *event)
{
    probe *self = (probe *)user_data;
    size_t n = event->len < sizeof self->last - 1 ? event->len : sizeof self->last - 1;
    pthread_mutex_lock(&self->lock);
    self->events++;
    memcpy(self->last, event->data, n);
    self->last[n] = '\0';
    pthread_mutex_unlock(&self->lock);
}

static void *publish_later(void *argument)
{
    probe *self = (probe *)argument;
    usleep(300 * 1000);
    aip_json_publish(self->host, self->ctx, "probe.later", json_pack("{s:b}", "late", 1));
    return NULL;
}

static aip_status probe_write(probe *self, const aip_request *req, aip_response *resp)
{
    const char *file = NULL, *text = NULL;
    char path[4096];
    FILE *out;
    json_t *payload = aip_json_request(self->host, req, resp);
    if (payload == NULL)
        return AIP_ERR_INVALID_ARGUMENT;
    if (json_unpack(payload, "{s:s, s:s}", "file", &file, "text", &text) != 0) {
        json_decref(payload);
        return aip_json_error(self->host, resp, AIP_ERR_INVALID_ARGUMENT, "probe.write needs \"file\" and \"text\"");
    }
    snprintf(path, sizeof path, "%s/%s", self->host->data_dir(self->ctx), file);
    out = fopen(path, "w");
    if (out == NULL) {
        json_decref(payload);
        return aip_json_error(self->host, resp, AIP_ERR_INTERNAL, "cannot open %s", path);
    }
    fputs(text, out);
    fclose(out);
    json_decref(payload);
    return aip_json_reply(self->host, resp, json_pack("{s:s}", "path", path));
}

static aip_status probe_emit(probe *self, const aip_request *req, aip_response *resp)
{
    json_int_t count = 0, i;
    json_t *payload = aip_json_request(self->host, req, resp);
    if (payload == NULL)
        return AIP_ERR_INVALID_ARGUMENT;
    if (!aip_json_int_field(payload, "count", 1, &count)) {
        json_decref(payload);
        return aip_json_error(self->host, resp, AIP_ERR_INVALID_ARGUMENT, "\"count\" must be an integer");
    }
    json_decref(payload);
    for (i = 1; i <= count; i++)
        aip_json_publish(self->host, self->ctx, "probe.tick", json_pack("{s:I}", "n", i));
    return aip_json_reply(self->host, resp, json_pack("{s:I}", "published", count));
}

static aip_status probe_handle(void *instance, const aip_request *req, aip_response *resp)
{
    probe *self = (probe *)instance;
    const char *config;
    json_t *seen;
    switch (req->capability_index) {
    case CAP_CONFIG:
        config = self->host->config_json(self->ctx);
        return aip_reply_bytes(self->host, resp, config, strlen(config), AIP_CONTENT_JSON);
    case CAP_WRITE:
        return probe_write(self, req, resp);
    case CAP_FAIL:
        return aip_json_error(self->host, resp, AIP_ERR_INVALID_ARGUMENT, "probe was asked to fail");
    case CAP_EMIT:
        return probe_emit(self, req, resp);
    case CAP_EMIT_LATER:
        pthread_mutex_lock(&self->lock);
        if (self->later_running) {
            pthread_mutex_unlock(&self->lock);
            return aip_json_error(self->host, resp, AIP_ERR_CONFLICT, "probe.emit-later is already pending");
        }
        self->later_running = pthread_create(&self->later, NULL, publish_later, self) == 0;
        pthread_mutex_unlock(&self->lock);
        if (!self->later_running)
            return aip_json_error(self->host, resp, AIP_ERR_INTERNAL, "cannot start a thread");
        return aip_json_reply(self->host, resp, json_object());
    case CAP_BYTES:
        return aip_reply_bytes(self->host, resp, req->data, req->len, AIP_CONTENT_BYTES);
    case CAP_SEEN:
        pthread_mutex_lock(&self->lock);
        seen = json_pack("{s:I, s:s?}", "events", (json_int_t)self->events, "last", self->events ? self->last : NULL);
        pthread_mutex_unlock(&self->lock);
        return aip_json_reply(self->host, resp, seen);
    default:
        return aip_json_error(self->host, resp, AIP_ERR_NOT_FOUND, "unknown capability");
    }
}

static aip_status probe_init(const aip_host_api *host, aip_host_ctx *ctx, void **instance, aip_response *error)
{
    probe *self = (probe *)calloc(1, sizeof *self);
    aip_status status;
    if (self == NULL)
        return aip_json_error(host, error, AIP_ERR_RESOURCE_EXHAUSTED, "out of memory");
    self->host = host;
    self->ctx = ctx;
    pthread_mutex_init(&self->lock, NULL);
    status = host->subscribe(ctx, "test.#", NULL, on_test_event, self, &self->subscription);
    if (status != AIP_OK) {
        pthread_mutex_destroy(&self->lock);
        free(self);
        return aip_json_error(host, error, status, "cannot subscribe to test.#");
    }
    *instance = self;
    return AIP_OK;
}

static void probe_shutdown(void *instance)
{
    probe *self = (probe *)instance;
    if (self->later_running) /* it publishes through self: wait for it before freeing */
        pthread_join(self->later, NULL);
    self->host->unsubscribe(self->ctx, self->subscription);
    pthread_mutex_destroy(&self->lock);
    free(self);
}

static const aip_capability_decl provides[] = {
    [CAP_CONFIG] = { sizeof(aip_capability_decl), "probe.config", "1.0.0", NULL, NULL, 0 },
    [CAP_WRITE] = { sizeof(aip_capability_decl), "probe.write", "1.0.0", NULL, NULL, 0 },
    [CAP_FAIL] = { sizeof(aip_capability_decl), "probe.fail", "1.0.0", NULL, NULL, 0 },
    [CAP_EMIT] = { sizeof(aip_capability_decl), "probe.emit", "1.0.0", NULL, NULL, 0 },
    [CAP_EMIT_LATER] = { sizeof(aip_capability_decl), "probe.emit-later", "1.0.0", NULL, NULL, 0 },
    [CAP_BYTES] = { sizeof(aip_capability_decl), "probe.bytes", "1.0.0", NULL, NULL, 0 },
    [CAP_SEEN] = { sizeof(aip_capability_decl), "probe.seen", "1.0.0", NULL, NULL, 0 },
};
static const char *const publishes[] = { "probe.#" };
static const char *const subscribes[] = { "test.#" };

static const aip_plugin_descriptor descriptor = {
    .struct_size = sizeof(aip_plugin_descriptor),
    .abi_major = AIP_ABI_MAJOR, .abi_minor = AIP_ABI_MINOR,
    .name = "kit-probe", .version = "1.2.3",
    .description = "PluginTestKit fixture: config, data directory, events, errors",
    .flags = AIP_PLUGIN_THREAD_SAFE,
    .provides = provides, .provides_count = sizeof provides / sizeof provides[0],
    .publishes = publishes, .publishes_count = 1,
    .subscribes = subscribes, .subscribes_count = 1,
    .config_schema = "{\"type\":\"object\",\"properties\":{\"mode\":{\"type\":\"string\",\"default\":\"normal\"},"
                     "\"level\":{\"type\":\"integer\"}},\"additionalProperties\":false}",
    .init = probe_init, .shutdown = probe_shutdown, .handle = probe_handle,
};

AIP_EXPORT const aip_plugin_descriptor *aip_plugin_entry(void) { return &descriptor; }
"""#
}
