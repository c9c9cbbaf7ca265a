/*
 * c-bench — the C plugin the benchmarks (aip-bench) measure.
 *
 *   bench.echo  message  copies the request bytes into a host->alloc'd reply;
 *                        content type: the request's if it is one of the
 *                        AIP_CONTENT_* types, else AIP_CONTENT_BYTES
 *   bench.json  message  json_loadb the request and json_dumpb it back into a
 *                        host->alloc'd reply (the decode + re-encode path);
 *                        malformed JSON -> AIP_ERR_INVALID_ARGUMENT
 *   bench.add   native   i64(i64,i64)
 *
 * Stateless and thread-safe; nothing is logged on the hot path.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aip_plugin.h"
#include "aip_json.h"

enum { CAP_ECHO = 0, CAP_JSON = 1 };

/* Only the host table is kept; it never changes after init. */
typedef struct bench_instance {
    const aip_host_api *host;
} bench_instance;

static int64_t bench_add(int64_t a, int64_t b)
{
    return (int64_t)((uint64_t)a + (uint64_t)b);
}

/* resp->content_type must be static: map the request's (borrowed) string onto one of ours. */
static const char *static_content_type(const char *content_type)
{
    if (content_type == NULL || strcmp(content_type, AIP_CONTENT_JSON) == 0)
        return AIP_CONTENT_JSON;
    if (strcmp(content_type, AIP_CONTENT_TEXT) == 0)
        return AIP_CONTENT_TEXT;
    return AIP_CONTENT_BYTES;
}

static aip_status bench_json(const aip_host_api *host, const aip_request *req, aip_response *resp)
{
    aip_status status;
    json_t *value = aip_json_request_ex(host, req, resp, &status);
    if (value == NULL)
        return status;
    return aip_json_reply(host, resp, value);
}

static aip_status bench_handle(void *instance, const aip_request *req, aip_response *resp)
{
    const aip_host_api *host = ((bench_instance *)instance)->host;
    switch (req->capability_index) {
    case CAP_ECHO: return aip_reply_bytes(host, resp, req->data, req->len, static_content_type(req->content_type));
    case CAP_JSON: return bench_json(host, req, resp);
    default: return aip_json_error(host, resp, AIP_ERR_NOT_FOUND, "c-bench has no message capability %s",
                                   req->capability != NULL ? req->capability : "(unnamed)");
    }
}

static aip_status bench_init(const aip_host_api *host, aip_host_ctx *ctx, void **instance, aip_response *error)
{
    bench_instance *self = (bench_instance *)malloc(sizeof *self);
    (void)ctx;
    if (self == NULL)
        return aip_json_error(host, error, AIP_ERR_RESOURCE_EXHAUSTED, "c-bench: out of memory");
    self->host = host;
    *instance = self;
    return AIP_OK;
}

static void bench_shutdown(void *instance)
{
    free(instance);
}

static const aip_capability_decl bench_provides[] = {
    [CAP_ECHO] = { sizeof(aip_capability_decl), "bench.echo", "1.0.0", NULL, NULL, 0 },
    [CAP_JSON] = { sizeof(aip_capability_decl), "bench.json", "1.0.0", NULL, NULL, 0 },
    { sizeof(aip_capability_decl), "bench.add", "1.0.0", "i64(i64,i64)", (aip_native_fn)bench_add, 0 },
};

static const char *const bench_publishes[] = { "bench.#" };

static const aip_plugin_descriptor bench_descriptor = {
    .struct_size = sizeof(aip_plugin_descriptor),
    .abi_major = AIP_ABI_MAJOR,
    .abi_minor = AIP_ABI_MINOR,
    .name = "c-bench",
    .version = "1.0.0",
    .description = "C benchmark plugin: echo, JSON round trip, native add",
    .flags = AIP_PLUGIN_THREAD_SAFE,
    .provides = bench_provides,
    .provides_count = sizeof bench_provides / sizeof bench_provides[0],
    .publishes = bench_publishes, /* the benchmark publishes through the host table as this plugin */
    .publishes_count = 1,
    .init = bench_init,
    .shutdown = bench_shutdown,
    .handle = bench_handle,
};


AIP_EXPORT const aip_plugin_descriptor *aip_plugin_entry(void)
{
    return &bench_descriptor;
}
