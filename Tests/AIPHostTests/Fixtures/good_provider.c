/*
 * Fixture "fx-provider" 1.2.0 (thread-safe): a well-behaved provider exercising
 * message and native capabilities, publishing, config and data_dir.
 *
 *   fx.echo   1.2.0 message  replies with the request bytes and content type.
 *                            AIP_CONTENT_* types are echoed as those constants;
 *                            any other type is echoed from a copy the instance
 *                            keeps until shutdown (up to 16 distinct types; more
 *                            -> AIP_CONTENT_BYTES).
 *   fx.parse  1.0.0 message  aip_json_request; object -> {"ok":true,"keys":N};
 *                            anything else (non-object JSON, malformed JSON) ->
 *                            AIP_ERR_INVALID_ARGUMENT; non-JSON content type ->
 *                            AIP_ERR_UNSUPPORTED.
 *   fx.emit   1.0.0 message  {"topic":"fx.x","data":{...}} -> publishes `data`
 *                            (default {}) on `topic`, replies {"status":N} with the
 *                            publish status (3 for a topic outside fx.#), always AIP_OK.
 *   fx.config 1.0.0 message  {"config":<config object>,"data_dir":"..."}
 *   fx.add    1.0.0 native   i64(i64,i64)  a + b
 *   fx.scale  1.0.0 native   f64(f64,i32)  x * n
 *   fx.greet  1.0.0 native   str(str)      "hello, <arg>" in a THREAD-LOCAL buffer:
 *                            valid until the next fx.greet call on the same thread
 *                            (the host copies it at once); truncated to 255 bytes.
 *   fx.flag   1.0.0 native   bool(i64)     true if the argument is even
 *   fx.noop   1.0.0 native   void()
 * Publishes fx.#. Config: {"label": string, default "provider"}.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aip_plugin.h"
#include "aip_json.h"

#define MAX_CONTENT_TYPES 16

typedef struct provider {
    const aip_host_api *host;
    aip_host_ctx *ctx;
    pthread_mutex_t lock; /* guards content_types */
    char *content_types[MAX_CONTENT_TYPES];
    size_t content_type_count;
} provider;

enum { CAP_ECHO, CAP_PARSE, CAP_EMIT, CAP_CONFIG };

/* ---- native capabilities ---- */

static int64_t fx_add(int64_t a, int64_t b) { return (int64_t)((uint64_t)a + (uint64_t)b); }
static double fx_scale(double x, int32_t n) { return x * (double)n; }
static bool fx_flag(int64_t value) { return value % 2 == 0; }
static void fx_noop(void) {}

static const char *fx_greet(const char *name)
{
    static _Thread_local char buffer[256];
    snprintf(buffer, sizeof buffer, "hello, %s", name != NULL ? name : "");
    return buffer;
}

/* ---- message capabilities ---- */

/* A content type with a lifetime the response may point at (see header comment). */
static const char *keep_content_type(provider *self, const char *type)
{
    static const char *const known[] = { AIP_CONTENT_JSON, AIP_CONTENT_BYTES, AIP_CONTENT_TEXT };
    const char *result = AIP_CONTENT_BYTES;
    size_t i;
    if (type == NULL)
        return NULL;
    for (i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcmp(type, known[i]) == 0)
            return known[i];
    pthread_mutex_lock(&self->lock);
    for (i = 0; i < self->content_type_count; i++)
        if (strcmp(type, self->content_types[i]) == 0)
            break;
    if (i < self->content_type_count) {
        result = self->content_types[i];
    } else if (self->content_type_count < MAX_CONTENT_TYPES) {
        size_t n = strlen(type) + 1;
        char *copy = (char *)malloc(n);
        if (copy != NULL) {
            memcpy(copy, type, n);
            self->content_types[self->content_type_count++] = copy;
            result = copy;
        }
    }
    pthread_mutex_unlock(&self->lock);
    return result;
}

static aip_status fx_parse(provider *self, const aip_request *req, aip_response *resp)
{
    size_t keys;
    json_t *value = aip_json_request(self->host, req, resp);
    if (value == NULL)
        return aip_content_type_is_json(req->content_type) ? AIP_ERR_INVALID_ARGUMENT : AIP_ERR_UNSUPPORTED;
    if (!json_is_object(value)) {
        json_decref(value);
        return aip_json_error(self->host, resp, AIP_ERR_INVALID_ARGUMENT, "fx.parse expects a JSON object");
    }
    keys = json_object_size(value);
    json_decref(value);
    return aip_json_reply(self->host, resp, json_pack("{s:b,s:I}", "ok", 1, "keys", (json_int_t)keys));
}

static aip_status fx_emit(provider *self, const aip_request *req, aip_response *resp)
{
    aip_status status;
    json_t *topic, *data;
    json_t *payload = aip_json_request_ex(self->host, req, resp, &status);
    if (payload == NULL)
        return status;
    topic = json_object_get(payload, "topic");
    if (!json_is_string(topic)) {
        json_decref(payload);
        return aip_json_error(self->host, resp, AIP_ERR_INVALID_ARGUMENT,
                              "fx.emit expects {\"topic\": string, \"data\": any}");
    }
    data = json_object_get(payload, "data");
    status = aip_json_publish(self->host, self->ctx, json_string_value(topic),
                              data != NULL ? json_incref(data) : json_object());
    json_decref(payload);
    return aip_json_reply(self->host, resp, json_pack("{s:i}", "status", (int)status));
}

static aip_status fx_config(provider *self, aip_response *resp)
{
    const char *dir = self->host->data_dir(self->ctx);
    json_t *config = aip_json_config(self->host, self->ctx);
    if (config == NULL)
        return aip_json_error(self->host, resp, AIP_ERR_INTERNAL, "config_json is not valid JSON");
    return aip_json_reply(self->host, resp, json_pack("{s:o,s:s?}", "config", config, "data_dir", dir));
}

static aip_status provider_handle(void *instance, const aip_request *req, aip_response *resp)
{
    provider *self = (provider *)instance;
    switch (req->capability_index) {
    case CAP_ECHO:
        return aip_reply_bytes(self->host, resp, req->data, req->len, keep_content_type(self, req->content_type));
    case CAP_PARSE: return fx_parse(self, req, resp);
    case CAP_EMIT: return fx_emit(self, req, resp);
    case CAP_CONFIG: return fx_config(self, resp);
    default:
        return aip_json_error(self->host, resp, AIP_ERR_NOT_FOUND, "fx-provider has no message capability %s",
                              req->capability != NULL ? req->capability : "(unnamed)");
    }
}

/* ---- lifecycle ---- */

static aip_status provider_init(const aip_host_api *host, aip_host_ctx *ctx, void **instance, aip_response *error)
{
    provider *self = (provider *)calloc(1, sizeof *self);
    json_t *config;
    if (self == NULL)
        return aip_json_error(host, error, AIP_ERR_RESOURCE_EXHAUSTED, "out of memory");
    pthread_mutex_init(&self->lock, NULL);
    self->host = host;
    self->ctx = ctx;
    config = aip_json_config(host, ctx);
    aip_logf(host, ctx, AIP_LOG_INFO, "fx-provider ready (label %s)",
             json_is_string(json_object_get(config, "label")) ? json_string_value(json_object_get(config, "label"))
                                                              : "provider");
    json_decref(config);
    *instance = self;
    return AIP_OK;
}

static void provider_shutdown(void *instance)
{
    provider *self = (provider *)instance;
    size_t i;
    for (i = 0; i < self->content_type_count; i++)
        free(self->content_types[i]);
    pthread_mutex_destroy(&self->lock);
    free(self);
}

/* ---- descriptor ---- */

#define DECL(name, version, signature, fn) { sizeof(aip_capability_decl), name, version, signature, fn, 0 }
static const aip_capability_decl provides[] = {
    [CAP_ECHO] = DECL("fx.echo", "1.2.0", NULL, NULL),
    [CAP_PARSE] = DECL("fx.parse", "1.0.0", NULL, NULL),
    [CAP_EMIT] = DECL("fx.emit", "1.0.0", NULL, NULL),
    [CAP_CONFIG] = DECL("fx.config", "1.0.0", NULL, NULL),
    DECL("fx.add", "1.0.0", "i64(i64,i64)", (aip_native_fn)fx_add),
    DECL("fx.scale", "1.0.0", "f64(f64,i32)", (aip_native_fn)fx_scale),
    DECL("fx.greet", "1.0.0", "str(str)", (aip_native_fn)fx_greet),
    DECL("fx.flag", "1.0.0", "bool(i64)", (aip_native_fn)fx_flag),
    DECL("fx.noop", "1.0.0", "void()", (aip_native_fn)fx_noop),
};
static const char *const publishes[] = { "fx.#" };

static const aip_plugin_descriptor descriptor = {
    .struct_size = sizeof(aip_plugin_descriptor),
    .abi_major = AIP_ABI_MAJOR, .abi_minor = AIP_ABI_MINOR,
    .name = "fx-provider", .version = "1.2.0",
    .description = "test fixture: well-behaved provider",
    .flags = AIP_PLUGIN_THREAD_SAFE,
    .provides = provides, .provides_count = sizeof provides / sizeof provides[0],
    .publishes = publishes, .publishes_count = 1,
    .config_schema = "{\"type\":\"object\",\"properties\":{\"label\":{\"type\":\"string\",\"default\":\"provider\"}},"
                     "\"additionalProperties\":false}",
    .init = provider_init, .shutdown = provider_shutdown, .handle = provider_handle,
};

AIP_EXPORT const aip_plugin_descriptor *aip_plugin_entry(void) { return &descriptor; }
