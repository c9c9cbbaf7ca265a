/*
 * Fixture "fxroute": a C plugin serving routes on the daemon's port that it authenticates
 * itself ("auth": "handler"), answering exact responses as application/http messages.
 *   POST /fx/open    (fxroute.open)    401 in its own JSON shape unless the request has the header
 *                                 x-api-key: fx-key; then 201 with a header and a text body
 *   GET  /fx/broken  (fxroute.broken)  a malformed message (Content-Length disagrees with the body)
 * Requires http.route.register ^1.1 (not optional: the host starts the http plugin first).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aip_plugin.h"

typedef struct fixture {
    const aip_host_api *host;
    aip_host_ctx *ctx;
} fixture;

enum { CAP_OPEN, CAP_BROKEN };

static aip_status http_reply(const fixture *self, aip_response *resp, const char *message)
{
    size_t len = strlen(message);
    resp->data = self->host->alloc(len);
    if (resp->data == NULL)
        return AIP_ERR_RESOURCE_EXHAUSTED;
    memcpy(resp->data, message, len);
    resp->len = len;
    resp->content_type = "application/http";
    return AIP_OK;
}

static aip_status handle(void *instance, const aip_request *req, aip_response *resp)
{
    fixture *self = (fixture *)instance;
    if (req->capability_index == CAP_BROKEN)
        return http_reply(self, resp, "HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n{}");
    /* The envelope's headers are lower-cased JSON members: a plain search finds the key. */
    const char *needle = "\"x-api-key\":\"fx-key\"";
    size_t n = strlen(needle);
    int authorised = 0;
    for (size_t i = 0; req->data != NULL && i + n <= req->len; i++)
        if (memcmp(req->data + i, needle, n) == 0)
            authorised = 1;
    if (!authorised)
        return http_reply(self, resp, "HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nWWW-Authenticate: FxKey\r\n\r\n"
                                      "{\"fx_error\":\"send x-api-key\"}");
    return http_reply(self, resp, "HTTP/1.1 201 Created\r\nContent-Type: text/plain\r\nX-Fixture: yes\r\n\r\nwelcome");
}

static aip_status register_route(fixture *self, const char *json, aip_response *error)
{
    aip_request request = { sizeof(aip_request), 0, "http.route.register", AIP_CONTENT_JSON,
                            (const uint8_t *)json, strlen(json), "fxroute" };
    aip_response reply = { sizeof(aip_response), 0, NULL, NULL, 0 };
    aip_status status = self->host->call_by_name(self->ctx, "http.route.register", &request, &reply);
    if (status != AIP_OK) {
        *error = reply; /* the http plugin's error body explains why */
        return status;
    }
    self->host->free(reply.data);
    return AIP_OK;
}

static aip_status fx_init(const aip_host_api *host, aip_host_ctx *ctx, void **instance, aip_response *error)
{
    (void)error;
    fixture *self = calloc(1, sizeof *self);
    if (self == NULL)
        return AIP_ERR_RESOURCE_EXHAUSTED;
    self->host = host;
    self->ctx = ctx;
    *instance = self;
    return AIP_OK;
}

static aip_status fx_start(void *instance, aip_response *error)
{
    fixture *self = (fixture *)instance;
    aip_status status = register_route(self, "{\"method\":\"POST\",\"path\":\"/fx/open\",\"capability\":\"fxroute.open\",\"auth\":\"handler\"}", error);
    if (status != AIP_OK)
        return status;
    return register_route(self, "{\"method\":\"GET\",\"path\":\"/fx/broken\",\"capability\":\"fxroute.broken\",\"auth\":\"handler\"}", error);
}

static void fx_shutdown(void *instance)
{
    free(instance);
}

static const aip_capability_decl provides[] = {
    [CAP_OPEN] = { sizeof(aip_capability_decl), "fxroute.open", "1.0.0", NULL, NULL, 0 },
    [CAP_BROKEN] = { sizeof(aip_capability_decl), "fxroute.broken", "1.0.0", NULL, NULL, 0 },
};

static const aip_requirement requirements[] = {
    { sizeof(aip_requirement), "http.route.register", "^1.1", 0 },
};

static const aip_plugin_descriptor descriptor = {
    .struct_size = sizeof(aip_plugin_descriptor),
    .abi_major = AIP_ABI_MAJOR,
    .abi_minor = AIP_ABI_MINOR,
    .name = "fxroute",
    .version = "1.0.0",
    .description = "daemon fixture: routes authenticated by their handler, exact responses",
    .flags = AIP_PLUGIN_THREAD_SAFE,
    .provides = provides,
    .provides_count = 2,
    .requirements = requirements,
    .requirements_count = 1,
    .init = fx_init,
    .start = fx_start,
    .shutdown = fx_shutdown,
    .handle = handle,
};

AIP_EXPORT const aip_plugin_descriptor *aip_plugin_entry(void)
{
    return &descriptor;
}
