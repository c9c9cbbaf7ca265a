/*
 * Fixture "fx-echo" (version FX_VERSION, default 1.0.0), thread-safe, in-process by default.
 *   fx.echo   replies {"version":V,"prefix":P,"len":N}   (P from the config section "prefix")
 *   fx.slow   sleeps {"ms":N} milliseconds, then replies like fx.echo with a 64 KiB "pad" field,
 *             so a response cut mid-way is noticed
 * Config schema: {"prefix": string, default ""}.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aip_plugin.h"

#ifndef FX_VERSION
#define FX_VERSION "1.0.0"
#endif

typedef struct echo {
    const aip_host_api *host;
    char prefix[64];
} echo;

enum { CAP_ECHO, CAP_SLOW };

static aip_status reply(const echo *self, aip_response *resp, const char *text, size_t len)
{
    resp->data = self->host->alloc(len);
    if (resp->data == NULL)
        return AIP_ERR_RESOURCE_EXHAUSTED;
    memcpy(resp->data, text, len);
    resp->len = len;
    resp->content_type = AIP_CONTENT_JSON;
    return AIP_OK;
}

static long number_field(const aip_request *req, const char *key)
{
    char buffer[256];
    size_t len = req->len < sizeof buffer - 1 ? req->len : sizeof buffer - 1;
    if (req->data != NULL)
        memcpy(buffer, req->data, len);
    buffer[len] = 0;
    const char *at = strstr(buffer, key);
    return at ? strtol(at + strlen(key) + 2, NULL, 10) : 0;
}

static aip_status handle(void *instance, const aip_request *req, aip_response *resp)
{
    echo *self = (echo *)instance;
    char head[256];
    int n = snprintf(head, sizeof head, "{\"version\":\"%s\",\"prefix\":\"%s\",\"len\":%zu", FX_VERSION, self->prefix, req->len);
    if (req->capability_index == CAP_ECHO) {
        head[n++] = '}';
        return reply(self, resp, head, (size_t)n);
    }
    long ms = number_field(req, "\"ms\"");
    struct timespec pause = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&pause, NULL);
    size_t pad = 65536, total = (size_t)n + 9 + pad + 2;
    char *body = malloc(total);
    if (body == NULL)
        return AIP_ERR_RESOURCE_EXHAUSTED;
    memcpy(body, head, (size_t)n);
    memcpy(body + n, ",\"pad\":\"", 8);
    memset(body + n + 8, 'x', pad);
    memcpy(body + n + 8 + pad, "\"}", 2);
    aip_status status = reply(self, resp, body, (size_t)n + 8 + pad + 2);
    free(body);
    return status;
}

static aip_status fx_init(const aip_host_api *host, aip_host_ctx *ctx, void **instance, aip_response *error)
{
    (void)error;
    echo *self = calloc(1, sizeof *self);
    if (self == NULL)
        return AIP_ERR_RESOURCE_EXHAUSTED;
    self->host = host;
    const char *config = host->config_json(ctx);
    const char *at = strstr(config, "\"prefix\":\"");
    if (at != NULL) {
        at += 10;
        size_t i = 0;
        while (at[i] != '"' && at[i] != 0 && i < sizeof self->prefix - 1) {
            self->prefix[i] = at[i];
            i++;
        }
    }
    *instance = self;
    return AIP_OK;
}

static void fx_shutdown(void *instance)
{
    free(instance);
}

static const aip_capability_decl provides[] = {
    [CAP_ECHO] = { sizeof(aip_capability_decl), "fx.echo", "1.0.0", NULL, NULL, 0 },
    [CAP_SLOW] = { sizeof(aip_capability_decl), "fx.slow", "1.0.0", NULL, NULL, 0 },
};

static const aip_plugin_descriptor descriptor = {
    .struct_size = sizeof(aip_plugin_descriptor),
    .abi_major = AIP_ABI_MAJOR,
    .abi_minor = AIP_ABI_MINOR,
    .name = "fx-echo",
    .version = FX_VERSION,
    .description = "daemon fixture: echo and slow replies",
    .flags = AIP_PLUGIN_THREAD_SAFE,
    .provides = provides,
    .provides_count = 2,
    .config_schema = "{\"type\":\"object\",\"properties\":{\"prefix\":{\"type\":\"string\",\"default\":\"\"}},\"additionalProperties\":false}",
    .init = fx_init,
    .shutdown = fx_shutdown,
    .handle = handle,
};

AIP_EXPORT const aip_plugin_descriptor *aip_plugin_entry(void)
{
    return &descriptor;
}
