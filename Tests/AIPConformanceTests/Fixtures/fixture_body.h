/*
 * The well-behaved part shared by the conformance fixtures: an instance that keeps the host
 * table and context, and a reply of {}. Each fixture adds exactly one misbehaviour that
 * `aip plugin test` must catch, so a test can assert the reason it reports.
 */
#ifndef FIXTURE_BODY_H
#define FIXTURE_BODY_H

#include <stdint.h>
#include <stdlib.h>

#include "aip_plugin.h"
#include "aip_json.h"

typedef struct fixture {
    const aip_host_api *host;
    aip_host_ctx *ctx;
} fixture;

static aip_status fixture_init(const aip_host_api *host, aip_host_ctx *ctx, void **instance, aip_response *error)
{
    fixture *self = (fixture *)calloc(1, sizeof *self);
    if (self == NULL)
        return aip_json_error(host, error, AIP_ERR_RESOURCE_EXHAUSTED, "out of memory");
    self->host = host;
    self->ctx = ctx;
    *instance = self;
    return AIP_OK;
}

static void fixture_shutdown(void *instance)
{
    free(instance);
}

static aip_status fixture_reply_empty_object(const fixture *self, aip_response *resp)
{
    return aip_reply_bytes(self->host, resp, "{}", 2, AIP_CONTENT_JSON);
}

#define FIXTURE_CAPABILITY(name) { sizeof(aip_capability_decl), name, "1.0.0", NULL, NULL, 0 }

#endif
