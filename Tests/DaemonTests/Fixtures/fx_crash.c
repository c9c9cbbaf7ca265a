/*
 * Fixture "fx-crash" 1.0.0, thread-safe, meant to run isolated:
 *   fx.crash.maybe  segfaults when the payload contains "boom"; otherwise replies {"ok":true}
 *   fx.crash.hang   never returns
 *   fx.crash.pid    replies {"pid":N} (the process it runs in)
 *   fx.crash.ask    calls fx.echo through the host (a required capability) and relays the answer
 * It publishes fx.crash.asked after each fx.crash.ask.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aip_plugin.h"

typedef struct crash {
    const aip_host_api *host;
    aip_host_ctx *ctx;
} crash;

enum { CAP_MAYBE, CAP_HANG, CAP_PID, CAP_ASK };

static aip_status reply(const crash *self, aip_response *resp, const char *text, size_t len)
{
    resp->data = self->host->alloc(len);
    if (resp->data == NULL)
        return AIP_ERR_RESOURCE_EXHAUSTED;
    memcpy(resp->data, text, len);
    resp->len = len;
    resp->content_type = AIP_CONTENT_JSON;
    return AIP_OK;
}

static aip_status handle(void *instance, const aip_request *req, aip_response *resp)
{
    crash *self = (crash *)instance;
    char text[128];
    switch (req->capability_index) {
    case CAP_MAYBE:
        if (req->data != NULL && req->len >= 4 && memmem(req->data, req->len, "boom", 4) != NULL) {
            volatile int *nowhere = NULL;
            *nowhere = 42; /* SIGSEGV, on purpose */
        }
        return reply(self, resp, "{\"ok\":true}", 11);
    case CAP_HANG:
        for (;;)
            pause();
    case CAP_PID: {
        int n = snprintf(text, sizeof text, "{\"pid\":%d}", (int)getpid());
        return reply(self, resp, text, (size_t)n);
    }
    case CAP_ASK: {
        aip_request inner = { sizeof(aip_request), 0, "fx.echo", AIP_CONTENT_JSON, (const uint8_t *)"{}", 2, "fx-crash" };
        aip_status status = self->host->call_by_name(self->ctx, "fx.echo", &inner, resp);
        self->host->publish(self->ctx, "fx.crash.asked", AIP_CONTENT_JSON, (const uint8_t *)"{}", 2);
        return status;
    }
    default:
        return AIP_ERR_NOT_FOUND;
    }
}

static aip_status fx_init(const aip_host_api *host, aip_host_ctx *ctx, void **instance, aip_response *error)
{
    (void)error;
    crash *self = calloc(1, sizeof *self);
    if (self == NULL)
        return AIP_ERR_RESOURCE_EXHAUSTED;
    self->host = host;
    self->ctx = ctx;
    *instance = self;
    return AIP_OK;
}

static void fx_shutdown(void *instance)
{
    free(instance);
}

static const aip_capability_decl provides[] = {
    [CAP_MAYBE] = { sizeof(aip_capability_decl), "fx.crash.maybe", "1.0.0", NULL, NULL, 0 },
    [CAP_HANG] = { sizeof(aip_capability_decl), "fx.crash.hang", "1.0.0", NULL, NULL, 0 },
    [CAP_PID] = { sizeof(aip_capability_decl), "fx.crash.pid", "1.0.0", NULL, NULL, 0 },
    [CAP_ASK] = { sizeof(aip_capability_decl), "fx.crash.ask", "1.0.0", NULL, NULL, 0 },
};

static const aip_requirement requirements[] = {
    { sizeof(aip_requirement), "fx.echo", "^1", AIP_REQUIRE_OPTIONAL },
};

static const char *const publishes[] = { "fx.crash.#" };

static const aip_plugin_descriptor descriptor = {
    .struct_size = sizeof(aip_plugin_descriptor),
    .abi_major = AIP_ABI_MAJOR,
    .abi_minor = AIP_ABI_MINOR,
    .name = "fx-crash",
    .version = "1.0.0",
    .description = "daemon fixture: crashes, hangs, reports its pid",
    .flags = AIP_PLUGIN_THREAD_SAFE,
    .provides = provides,
    .provides_count = 4,
    .requirements = requirements,
    .requirements_count = 1,
    .publishes = publishes,
    .publishes_count = 1,
    .init = fx_init,
    .shutdown = fx_shutdown,
    .handle = handle,
};

AIP_EXPORT const aip_plugin_descriptor *aip_plugin_entry(void)
{
    return &descriptor;
}
