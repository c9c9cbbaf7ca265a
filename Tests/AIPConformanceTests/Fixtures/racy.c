/*
 * Fixture "fx-racy": declares AIP_PLUGIN_THREAD_SAFE but racy.count is not. Instead of corrupting
 * memory at random it notices a second caller inside the function and aborts, so two overlapping
 * calls always crash and one caller at a time never does.
 */
#include <time.h>

#include "fixture_body.h"

static int callers_inside;

static aip_status racy_handle(void *instance, const aip_request *req, aip_response *resp)
{
    struct timespec work = { 0, 2 * 1000 * 1000 };
    (void)req;
    if (__atomic_fetch_add(&callers_inside, 1, __ATOMIC_SEQ_CST) != 0)
        abort();
    nanosleep(&work, NULL);
    __atomic_fetch_sub(&callers_inside, 1, __ATOMIC_SEQ_CST);
    return fixture_reply_empty_object((const fixture *)instance, resp);
}

static const aip_capability_decl provides[] = { FIXTURE_CAPABILITY("racy.count") };

static const aip_plugin_descriptor descriptor = {
    .struct_size = sizeof(aip_plugin_descriptor),
    .abi_major = AIP_ABI_MAJOR, .abi_minor = AIP_ABI_MINOR,
    .name = "fx-racy", .version = "1.0.0",
    .flags = AIP_PLUGIN_THREAD_SAFE,
    .provides = provides, .provides_count = 1,
    .init = fixture_init, .shutdown = fixture_shutdown, .handle = racy_handle,
};

AIP_EXPORT const aip_plugin_descriptor *aip_plugin_entry(void) { return &descriptor; }
