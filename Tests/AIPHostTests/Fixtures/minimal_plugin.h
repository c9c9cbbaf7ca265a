/*
 * The smallest working plugin body, shared by the refusal fixtures: each fixture differs only in
 * its descriptor. Define FIXTURE_REPLY (a JSON string literal) before including this file; every
 * message capability answers it.
 */
#ifndef MINIMAL_PLUGIN_H
#define MINIMAL_PLUGIN_H

#include <stdint.h>

#include "aip_plugin.h"
#include "aip_json.h"

/* The instance is just the host table (const dropped through uintptr_t; never written). */
static aip_status fx_init(const aip_host_api *host, aip_host_ctx *ctx, void **instance, aip_response *error)
{
    (void)ctx;
    (void)error;
    *instance = (void *)(uintptr_t)host;
    return AIP_OK;
}

static aip_status fx_handle(void *instance, const aip_request *req, aip_response *resp)
{
    static const char reply[] = FIXTURE_REPLY;
    const aip_host_api *host = (const aip_host_api *)instance;
    (void)req;
    return aip_reply_bytes(host, resp, reply, sizeof reply - 1, AIP_CONTENT_JSON);
}

#endif
