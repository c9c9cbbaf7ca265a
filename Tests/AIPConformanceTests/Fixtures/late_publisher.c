/*
 * Fixture "fx-late": breaks the lifecycle's ordering rules twice.
 *   - init looks up a capability (calls to other plugins must wait for start);
 *   - shutdown leaves a thread behind that publishes 20 ms later, after shutdown returned,
 *     through the host table and context it kept.
 * Both calls succeed or fail quietly as far as the plugin can tell; only an observer of the
 * host table sees them.
 */
#include <pthread.h>
#include <time.h>

#include "fixture_body.h"

typedef struct late_publish {
    const aip_host_api *host;
    aip_host_ctx *ctx;
} late_publish;

static void *publish_later(void *argument)
{
    late_publish *target = (late_publish *)argument;
    struct timespec delay = { 0, 20 * 1000 * 1000 };
    nanosleep(&delay, NULL);
    target->host->publish(target->ctx, "late.tick", AIP_CONTENT_JSON, (const uint8_t *)"{}", 2);
    free(target);
    return NULL;
}

static aip_status late_init(const aip_host_api *host, aip_host_ctx *ctx, void **instance, aip_response *error)
{
    aip_capability *capability = NULL;
    host->lookup(ctx, "late.tick", NULL, &capability);
    return fixture_init(host, ctx, instance, error);
}

static void late_shutdown(void *instance)
{
    fixture *self = (fixture *)instance;
    late_publish *target = (late_publish *)malloc(sizeof *target);
    pthread_t thread;
    if (target != NULL) {
        target->host = self->host;
        target->ctx = self->ctx;
        if (pthread_create(&thread, NULL, publish_later, target) == 0)
            pthread_detach(thread);
        else
            free(target);
    }
    fixture_shutdown(instance);
}

static aip_status late_handle(void *instance, const aip_request *req, aip_response *resp)
{
    (void)req;
    return fixture_reply_empty_object((const fixture *)instance, resp);
}

static const aip_capability_decl provides[] = { FIXTURE_CAPABILITY("late.tick") };
static const char *const publishes[] = { "late.#" };

static const aip_plugin_descriptor descriptor = {
    .struct_size = sizeof(aip_plugin_descriptor),
    .abi_major = AIP_ABI_MAJOR, .abi_minor = AIP_ABI_MINOR,
    .name = "fx-late", .version = "1.0.0",
    .provides = provides, .provides_count = 1,
    .publishes = publishes, .publishes_count = 1,
    .init = late_init, .shutdown = late_shutdown, .handle = late_handle,
};

AIP_EXPORT const aip_plugin_descriptor *aip_plugin_entry(void) { return &descriptor; }
