/*
 * aip_plugin.h — the AI Platform plugin ABI, version 1.0.
 *
 * This header is the only stable contract between the AI Platform host
 * (`aip`, `aipd`) and a plugin. A plugin is a shared object (`.so`) that
 * exports ONE symbol, `aip_plugin_entry`, returning a pointer to a
 * descriptor that lives as long as the library stays loaded. Everything
 * else — capabilities, events, configuration, logging — goes through the
 * tables declared here. A plugin never links against the host.
 *
 * Quick start for a C plugin (see PluginSDK/Examples/c-counter/ for a full one):
 *
 *     #include "aip_plugin.h"
 *     static aip_status my_init(const aip_host_api *host, aip_host_ctx *ctx,
 *                               void **instance, aip_response *error);
 *     static aip_status handle(void *instance, const aip_request *req, aip_response *resp);
 *     static const aip_capability_decl provides[] = {
 *         { sizeof(aip_capability_decl), "demo.echo", "1.0.0", NULL, NULL, 0 },
 *     };
 *     static const aip_plugin_descriptor descriptor = {
 *         .struct_size = sizeof(aip_plugin_descriptor),
 *         .abi_major = AIP_ABI_MAJOR, .abi_minor = AIP_ABI_MINOR,
 *         .name = "demo", .version = "0.1.0",
 *         .provides = provides, .provides_count = 1,
 *         .init = my_init, .handle = handle,
 *     };
 *     AIP_EXPORT const aip_plugin_descriptor *aip_plugin_entry(void) { return &descriptor; }
 *
 * Build it with `cc -shared -fPIC -I PluginSDK/include demo.c -o libdemo.so`.
 *
 * ------------------------------------------------------------------------
 * VERSIONING
 *   AIP_ABI_MAJOR changes only when an existing field, function signature or
 *   meaning changes; the host refuses a plugin whose major differs from its
 *   own. AIP_ABI_MINOR grows when something is ADDED: a field at the END of
 *   a struct, a function at the END of the host table, a new status code, a
 *   new flag. The host refuses a plugin that declares a newer minor than the
 *   host implements (it may rely on something the host lacks); an older minor
 *   is always accepted. Every struct that crosses the boundary starts with
 *   `struct_size`: a reader only touches fields that lie inside the size the
 *   writer declared, so old plugins keep working with new hosts. Arrays of
 *   structs (`provides`, `requirements`) are strided by their elements'
 *   `struct_size`, so they may grow too. A descriptor smaller than the ABI
 *   1.0 descriptor is refused.
 *
 *   History: 1.0 first release. 1.1 added `aip_host_api.has_subscribers`.
 *   A plugin that uses a 1.1 function only after checking the host table's
 *   `struct_size` may still declare `abi_minor = 0` and load on 1.0 hosts.
 *
 * MEMORY OWNERSHIP — whoever allocates frees, through the function the ABI names.
 *   - Strings and arrays in the descriptor belong to the plugin and must stay
 *     valid while the library is loaded (static storage is the usual choice).
 *   - Request data (`aip_request.data`) belongs to the caller and is valid only
 *     for the duration of the call. Copy it if you keep it.
 *   - Response data (`aip_response.data`) MUST be allocated with
 *     `host->alloc`; ownership passes to whoever made the call, who releases
 *     it with `host->free`. This holds for replies AND for error bodies.
 *     The same rule applies to `error` out-parameters of lifecycle functions.
 *   - `aip_response.content_type` is NOT freed: it must point at a string with
 *     static storage (e.g. the AIP_CONTENT_* macros). Because the host never
 *     unloads a plugin while the process lives, such a pointer stays valid
 *     for the caller too.
 *   - Strings the host hands out (`config_json`, `data_dir`, event fields) are
 *     owned by the host. `config_json` and `data_dir` stay valid until the
 *     plugin's `shutdown` returns; event fields only during the callback.
 *   - Never free host memory with your own `free()` and never pass your own
 *     `malloc` memory to the host as a response: they may be different heaps.
 *
 * THREADING
 *   - `init`, `start`, `stop` and `shutdown` are called from one host thread,
 *     never concurrently with each other, in this order: init, start, stop,
 *     shutdown. `stop` is called only after a successful `start`; `shutdown`
 *     after a successful `init`. The host calls each at most once per instance.
 *   - `handle` and native functions may be called from any thread. If the
 *     descriptor sets AIP_PLUGIN_THREAD_SAFE they may run concurrently;
 *     otherwise the host serialises every call into the plugin (one at a time).
 *   - Event callbacks of a subscription with AIP_DELIVERY_SYNC run on the
 *     publisher's thread, inside `publish`; AIP_DELIVERY_ASYNC callbacks run on
 *     a host delivery thread, one at a time per subscription, in publish order.
 *     For a plugin without AIP_PLUGIN_THREAD_SAFE the host also serialises
 *     event callbacks with `handle` and native calls. The lock is re-entrant:
 *     a plugin calling itself through the host on the same thread does not
 *     deadlock.
 *   - Every host-table function is thread-safe and may be called from any
 *     thread once `init` has been entered, until `shutdown` returns.
 *   - Do not block forever inside `handle` or an event callback: callers may
 *     be waiting, and a sync publisher blocks until every sync callback returns.
 *   - An event callback may call `unsubscribe` on its own subscription.
 *     Subscriptions made in `init` may receive events before `start`.
 *   - A native function returning `str` from a thread-safe plugin usually
 *     needs a thread-local buffer (the host copies the string at once).
 *
 * PAYLOAD CONVENTIONS
 *   - A JSON capability treats an empty payload (len 0) as `{}`.
 *   - `config_json` already has the defaults of `config_schema` filled in.
 *
 * ERRORS
 *   No C++ exception, Swift error, longjmp or signal may cross the boundary.
 *   A function that fails returns a non-zero aip_status and, where it has a
 *   response or error out-parameter, fills it with a JSON body of the shape
 *       {"error": {"code": "invalid_argument", "message": "field 'name' is required"}}
 *   (allocated with host->alloc). Bodies are optional but strongly advised.
 *
 * SWIFT PLUGINS
 *   Swift has no stable ABI on Linux. A plugin built with Swift sets
 *   `swift_toolchain` to the compiler version it was built with (the Swift kit
 *   does this for you); the host refuses a value different from its own. C
 *   plugins leave it NULL and carry no such constraint. The host never unloads
 *   (`dlclose`) a Swift plugin: a new version must be loaded from a new path.
 */
#ifndef AIP_PLUGIN_H
#define AIP_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Versions and the entry point ------------------------------------ */

/** Major version of this ABI. A plugin with another major is refused. */
#define AIP_ABI_MAJOR 1
/** Minor version of this ABI. A plugin declaring a higher minor than the host is refused. */
#define AIP_ABI_MINOR 1

/** The one symbol every plugin exports (as a C symbol, not mangled). */
#define AIP_ENTRY_SYMBOL "aip_plugin_entry"

#if defined(__GNUC__) || defined(__clang__)
#define AIP_EXPORT __attribute__((visibility("default")))
#else
#define AIP_EXPORT
#endif

/* ---- Status codes ---------------------------------------------------- */

/** Result of every call across the boundary. 0 is success. */
typedef int32_t aip_status;

#define AIP_OK                      0  /**< success */
#define AIP_ERR_INVALID_ARGUMENT    1  /**< malformed payload or bad parameter (caller's fault) */
#define AIP_ERR_NOT_FOUND           2  /**< unknown capability, method, object */
#define AIP_ERR_PERMISSION_DENIED   3  /**< the caller did not declare what it tried to use */
#define AIP_ERR_UNAVAILABLE         4  /**< the provider is stopped, failed or quarantined */
#define AIP_ERR_INTERNAL            5  /**< the provider failed; not the caller's fault */
#define AIP_ERR_UNSUPPORTED         6  /**< content type or operation not supported */
#define AIP_ERR_TIMEOUT             7  /**< the operation did not finish in time */
#define AIP_ERR_RESOURCE_EXHAUSTED  8  /**< out of memory, queue full, quota exceeded */
#define AIP_ERR_CONFLICT            9  /**< state conflict (already exists, already started) */

/* ---- Content types (static strings, never freed) --------------------- */

#define AIP_CONTENT_JSON   "application/json"
#define AIP_CONTENT_BYTES  "application/octet-stream"
#define AIP_CONTENT_TEXT   "text/plain; charset=utf-8"

/* ---- Forward declarations -------------------------------------------- */

/** Opaque per-plugin context the host passes to every host-table function. */
typedef struct aip_host_ctx aip_host_ctx;
/** Opaque resolved capability; obtained once with `lookup`, used many times with `call`. */
typedef struct aip_capability aip_capability;
typedef struct aip_host_api aip_host_api;

/* ---- Requests, responses, events ------------------------------------- */

/**
 * A request delivered to a plugin's `handle`, or sent by a plugin through
 * `host->call`. All pointers are borrowed for the duration of the call.
 */
typedef struct aip_request {
    uint32_t struct_size;      /**< sizeof(aip_request) as the writer knew it */
    uint32_t capability_index; /**< index into the callee's `provides` array (set by the host);
                                    lets `handle` dispatch with a switch, no string compare.
                                    For dynamically registered handlers: unused (0). */
    const char *capability;    /**< capability name, NUL-terminated (e.g. "guardrails.check") */
    const char *content_type;  /**< content type of `data`; NULL means AIP_CONTENT_JSON */
    const uint8_t *data;       /**< payload bytes (may be NULL when `len` is 0); NOT NUL-terminated */
    size_t len;                /**< payload length in bytes */
    const char *caller;        /**< name of the calling plugin, or "host" / "cli"; informational */
} aip_request;

/**
 * A response written by the callee. The caller zero-initialises it (setting
 * struct_size); the callee sets `data`/`len` (allocated with host->alloc)
 * and `content_type` (static string). On error the callee returns a non-zero
 * status and may put a JSON error body in `data`.
 */
typedef struct aip_response {
    uint32_t struct_size;      /**< sizeof(aip_response) as the caller knew it */
    uint32_t reserved;         /**< must be 0 */
    const char *content_type;  /**< static string; NULL means AIP_CONTENT_JSON */
    uint8_t *data;             /**< owned by the caller after return; release with host->free */
    size_t len;                /**< length of `data` in bytes */
} aip_response;

/** An event as seen by a subscriber; every pointer is valid only during the callback. */
typedef struct aip_event {
    uint32_t struct_size;      /**< sizeof(aip_event) as the host knew it */
    uint32_t reserved;
    const char *topic;         /**< concrete topic, e.g. "llm.usage" (never contains wildcards) */
    const char *content_type;  /**< content type of data; NULL means AIP_CONTENT_JSON */
    const uint8_t *data;       /**< payload bytes; NOT NUL-terminated */
    size_t len;                /**< payload length */
    const char *source;        /**< name of the publishing plugin, or "host" */
    uint64_t sequence;         /**< bus-wide, strictly increasing publish number */
    int64_t timestamp_ns;      /**< publish time, nanoseconds since the Unix epoch */
} aip_event;

/* ---- Capabilities a plugin provides and requires --------------------- */

/** Generic type of a native function pointer; cast it to the real signature to call it.
 *  (A function-pointer type, not `void *`, so strict ISO C accepts the conversion.) */
typedef void (*aip_native_fn)(void);

/**
 * One capability the plugin provides. Capability names are lower-case dot
 * paths ("prompt.render"); versions are semver ("1.2.0").
 *
 * A MESSAGE capability (native_fn == NULL) is answered by the descriptor's
 * `handle` with bytes in, bytes out.
 *
 * A NATIVE capability (native_fn != NULL) is a typed C function. Callers that
 * know the signature call the pointer directly (fastest path). Generic
 * callers (the CLI, pipelines) call it through libffi: the host converts a
 * JSON array of arguments and the result according to `signature`.
 *
 * Signature grammar:  RET "(" [ARG {"," ARG}] ")"   e.g. "i64(i64,i64)", "f64(f64)", "void()"
 *   i32 i64 u32 u64  — fixed-width integers
 *   f32 f64          — IEEE floats
 *   bool             — C `_Bool`/uint8_t 0 or 1
 *   str              — `const char *` NUL-terminated UTF-8. As an argument it
 *                      is borrowed for the call. As a result it must stay
 *                      valid after return (static storage, or storage the
 *                      plugin keeps); the host copies it and never frees it.
 *   void             — only as RET
 * Native functions follow the same threading rules as `handle`.
 */
typedef struct aip_capability_decl {
    uint32_t struct_size;      /**< sizeof(aip_capability_decl) */
    const char *name;          /**< capability name */
    const char *version;       /**< semver of the capability contract, e.g. "1.0.0" */
    const char *signature;     /**< native signature, or NULL for a message capability */
    aip_native_fn native_fn;   /**< native function (cast to aip_native_fn), or NULL for a message capability */
    uint32_t flags;            /**< reserved, 0 */
} aip_capability_decl;

/** Flag for aip_requirement.flags: the plugin works without it. It is never a reason to refuse
 *  the plugin; when a loaded plugin provides it, that provider still starts first (unless
 *  optional requirements form a cycle: then load order decides), and it grants permission to
 *  call it. */
#define AIP_REQUIRE_OPTIONAL 0x1u

/**
 * A capability the plugin calls. Declaring it is both the dependency (the host
 * starts providers first, and refuses the plugin when a non-optional
 * requirement has no provider) and the permission: a call to a capability
 * the plugin did not declare in `requirements` is refused with AIP_ERR_PERMISSION_DENIED.
 * `name` may end in ".*" to allow a family ("http.route.*") — such an entry
 * is a permission only, never a dependency.
 * `version_range` is a semver range: "^1.2", "~1.2.3", ">=1.0.0 <2.0.0", "1.x", "*", or NULL for any.
 */
typedef struct aip_requirement {
    uint32_t struct_size;      /**< sizeof(aip_requirement) */
    const char *name;          /**< capability name (or "prefix.*") */
    const char *version_range; /**< semver range or NULL */
    uint32_t flags;            /**< AIP_REQUIRE_OPTIONAL or 0 */
} aip_requirement;

/* ---- Lifecycle and message handler ----------------------------------- */

/**
 * Create the plugin instance. Called once, before anything else.
 *   host     — the host table; valid until `shutdown` returns. Keep it.
 *   ctx      — your context for every host-table call; valid until `shutdown` returns.
 *   instance — set *instance to your state; it is passed back to every other function.
 *   error    — on failure, put a JSON error body here (allocated with host->alloc).
 * Return AIP_OK, or an error status to refuse loading (the host reports the
 * plugin as failed and never calls start/stop/shutdown for it).
 * You may call `config_json`, `data_dir`, `log`, `subscribe` and
 * `register_capability` here; calls to other plugins must wait for `start`
 * (providers are started before their dependents, not initialised).
 */
typedef aip_status (*aip_init_fn)(const aip_host_api *host, aip_host_ctx *ctx,
                                  void **instance, aip_response *error);
/** Begin work (threads, sockets). Required capabilities are already started. */
typedef aip_status (*aip_start_fn)(void *instance, aip_response *error);
/** Stop work; called before dependencies stop. Must return promptly. */
typedef aip_status (*aip_stop_fn)(void *instance, aip_response *error);
/** Release everything `init` created. No host-table call may be made after it returns. */
typedef void (*aip_shutdown_fn)(void *instance);
/**
 * Answer a message capability. `req->capability_index` says which entry of
 * `provides` was called. Fill `resp` (data from host->alloc) and return
 * AIP_OK, or return an error status with an optional JSON error body. A
 * malformed payload must yield AIP_ERR_INVALID_ARGUMENT, never a crash.
 */
typedef aip_status (*aip_handle_fn)(void *instance, const aip_request *req, aip_response *resp);

/** Descriptor flag: `handle` and native functions may run concurrently. */
#define AIP_PLUGIN_THREAD_SAFE 0x1u

/**
 * The descriptor returned by `aip_plugin_entry`. Must stay valid (and
 * unchanged) while the library is loaded. Fields after `handle` were added
 * in later minors only if listed as such; all listed here are ABI 1.0.
 */
typedef struct aip_plugin_descriptor {
    uint32_t struct_size;                 /**< sizeof(aip_plugin_descriptor) as compiled */
    uint16_t abi_major;                   /**< AIP_ABI_MAJOR the plugin was built against */
    uint16_t abi_minor;                   /**< lowest ABI minor the plugin needs (usually AIP_ABI_MINOR) */
    const char *name;                     /**< unique plugin name: [a-z0-9][a-z0-9._-]* */
    const char *version;                  /**< plugin version, semver "MAJOR.MINOR.PATCH[-pre][+build]" */
    const char *description;              /**< one line, may be NULL */
    uint32_t flags;                       /**< AIP_PLUGIN_THREAD_SAFE or 0 */
    uint32_t reserved;                    /**< 0 */
    const char *swift_toolchain;          /**< Swift compiler version (e.g. "6.3.1") or NULL for C */
    const aip_capability_decl *provides;  /**< capabilities provided (may be NULL if count is 0) */
    size_t provides_count;
    const aip_requirement *requirements; /**< capabilities called (dependencies + permissions) */
    size_t requirements_count;
    const char *const *publishes;         /**< topic patterns the plugin may publish to */
    size_t publishes_count;
    const char *const *subscribes;        /**< topic patterns the plugin may subscribe to */
    size_t subscribes_count;
    const char *config_schema;            /**< JSON Schema (text) of the plugin's config section, or NULL */
    aip_init_fn init;                     /**< required */
    aip_start_fn start;                   /**< optional (NULL: nothing to do) */
    aip_stop_fn stop;                     /**< optional */
    aip_shutdown_fn shutdown;             /**< optional */
    aip_handle_fn handle;                 /**< required if any message capability is provided */
} aip_plugin_descriptor;

/** Type of the exported entry symbol. Must not fail, allocate per call, or call the host. */
typedef const aip_plugin_descriptor *(*aip_entry_fn)(void);

#ifndef AIP_NO_ENTRY_PROTOTYPE
/** The entry every plugin defines (with AIP_EXPORT). Declared here so the compiler checks its
 *  signature; define AIP_NO_ENTRY_PROTOTYPE before including this header to omit it. */
AIP_EXPORT const aip_plugin_descriptor *aip_plugin_entry(void);
#endif

/* ---- Host services --------------------------------------------------- */

/** Log levels for host->log (fixed-width, not a C enum, so its size never depends on the compiler). */
typedef int32_t aip_log_level;
#define AIP_LOG_TRACE   0
#define AIP_LOG_DEBUG   1
#define AIP_LOG_INFO    2
#define AIP_LOG_WARNING 3
#define AIP_LOG_ERROR   4

/** Health states for host->report_health. */
typedef int32_t aip_health_state;
#define AIP_HEALTH_OK       0
#define AIP_HEALTH_DEGRADED 1
#define AIP_HEALTH_FAILING  2

/** Event delivery modes (aip_subscribe_options.delivery). */
#define AIP_DELIVERY_SYNC  0  /**< callback runs inside publish, on the publisher's thread */
#define AIP_DELIVERY_ASYNC 1  /**< callback runs on a host thread, from a bounded queue */

/** What an ASYNC subscription does when its queue is full (aip_subscribe_options.overflow). */
#define AIP_OVERFLOW_DROP_NEWEST 0 /**< discard the event being published (counted) */
#define AIP_OVERFLOW_DROP_OLDEST 1 /**< discard the oldest queued event (counted) */
#define AIP_OVERFLOW_BLOCK       2 /**< the publisher waits for room (up to block_timeout_ms, then drops, counted) */

/** Options for host->subscribe. Zero-initialise, set struct_size, then what you need. */
typedef struct aip_subscribe_options {
    uint32_t struct_size;      /**< sizeof(aip_subscribe_options) */
    uint32_t delivery;         /**< AIP_DELIVERY_SYNC (0, default) or AIP_DELIVERY_ASYNC */
    uint32_t queue_capacity;   /**< ASYNC only; 0 means the host default (1024) */
    uint32_t overflow;         /**< ASYNC only; AIP_OVERFLOW_*; default DROP_NEWEST */
    uint32_t block_timeout_ms; /**< with AIP_OVERFLOW_BLOCK; 0 means 1000 ms */
} aip_subscribe_options;

/** Event callback. `user_data` is what you passed to subscribe. Must not free event fields. */
typedef void (*aip_event_fn)(void *user_data, const aip_event *event);

/**
 * Handler for a capability registered at run time with register_capability.
 * Same contract as aip_handle_fn; `user_data` is what you registered.
 */
typedef aip_status (*aip_dynamic_handler_fn)(void *user_data, const aip_request *req, aip_response *resp);

/**
 * The table of host services handed to `init`. Its `struct_size` tells which
 * functions exist: check `struct_size` before using a function added in a
 * later minor. Every function takes the `ctx` the plugin received in `init`.
 */
struct aip_host_api {
    uint32_t struct_size;   /**< sizeof(aip_host_api) as the host knew it */
    uint16_t abi_major;     /**< the host's AIP_ABI_MAJOR */
    uint16_t abi_minor;     /**< the host's AIP_ABI_MINOR */

    /** Write a log line, tagged by the host with the plugin's name. `message` is borrowed. */
    void (*log)(aip_host_ctx *ctx, aip_log_level level, const char *message);

    /** The plugin's config section as JSON text (NUL-terminated; "{}" when absent), already
     *  validated against `config_schema` with ${ENV} and AIP_ overrides applied. Host-owned. */
    const char *(*config_json)(aip_host_ctx *ctx);

    /** A directory private to this plugin, created by the host; absolute path, host-owned. */
    const char *(*data_dir)(aip_host_ctx *ctx);

    /**
     * Resolve a capability once; call it many times through the handle. The
     * capability must be declared in the plugin's `requirements` (else
     * AIP_ERR_PERMISSION_DENIED) and provided by a started plugin whose version
     * satisfies `version_range` (NULL: the range from `requirements`). The handle is
     * host-owned and stays valid for the life of the process.
     */
    aip_status (*lookup)(aip_host_ctx *ctx, const char *name, const char *version_range,
                         aip_capability **out);

    /** Call through a resolved handle. `resp` must be zero-initialised with struct_size set;
     *  on return the caller owns resp->data and frees it with host->free. */
    aip_status (*call)(aip_host_ctx *ctx, aip_capability *capability,
                       const aip_request *req, aip_response *resp);

    /** Lookup + call in one step (pays the name lookup on every call; prefer lookup+call). */
    aip_status (*call_by_name)(aip_host_ctx *ctx, const char *name,
                               const aip_request *req, aip_response *resp);

    /** For a resolved NATIVE capability: its function pointer and signature (host-owned), so
     *  a caller that knows the signature can call it directly. AIP_ERR_UNSUPPORTED for a
     *  message capability. */
    aip_status (*native)(aip_host_ctx *ctx, aip_capability *capability,
                         aip_native_fn *fn, const char **signature);

    /**
     * Provide a message capability at run time (from `init` on). `name` must
     * match an entry of the plugin's `provides` (exactly, or a "prefix.*"
     * entry). Returns AIP_ERR_CONFLICT if this plugin already provides it. Several
     * plugins may provide the same capability; `lookup` picks the highest version
     * inside the caller's range.
     */
    aip_status (*register_capability)(aip_host_ctx *ctx, const char *name, const char *version,
                                      aip_dynamic_handler_fn handler, void *user_data);

    /** Publish an event. The topic must match one of the plugin's `publishes` patterns
     *  (else AIP_ERR_PERMISSION_DENIED). `data` is copied when needed; it is borrowed. */
    aip_status (*publish)(aip_host_ctx *ctx, const char *topic, const char *content_type,
                          const uint8_t *data, size_t len);

    /**
     * Subscribe to a topic pattern: dot-separated segments where `*` matches
     * exactly one segment and `#` matches zero or more ("llm.*", "cost.#").
     * The pattern must be covered by one of the plugin's `subscribes`
     * patterns. `options` may be NULL (sync delivery). On success *subscription
     * receives an id for unsubscribe.
     */
    aip_status (*subscribe)(aip_host_ctx *ctx, const char *pattern,
                            const aip_subscribe_options *options,
                            aip_event_fn callback, void *user_data, uint64_t *subscription);

    /** Cancel a subscription; after return the callback is never called again. */
    aip_status (*unsubscribe)(aip_host_ctx *ctx, uint64_t subscription);

    /** Allocate memory the host (or another plugin) may free with `free`. NULL on failure. */
    void *(*alloc)(size_t size);
    /** Free memory obtained from `alloc` (e.g. a response body). NULL is ignored. */
    void (*free)(void *ptr);

    /** Report the plugin's health; shown by `aip plugins info` and health endpoints. */
    void (*report_health)(aip_host_ctx *ctx, aip_health_state state, const char *message);

    /* ---- Added in ABI 1.1: present when struct_size covers it ---- */

    /**
     * Whether an event published to `topic` now would reach any subscriber: 1 if
     * it would (or the host cannot tell), 0 if nobody would receive it. Lets a
     * publisher skip building a payload that nobody reads. Subscriptions come and
     * go at any moment, so ask right before each publish rather than caching the
     * answer. A topic this plugin may not publish to, or an invalid one, answers 1,
     * so that `publish` itself reports the error. Cheap: one lock and a look-up
     * the bus caches per topic. In process isolation the answer is always 1.
     */
    int (*has_subscribers)(aip_host_ctx *ctx, const char *topic);
};

#ifdef __cplusplus
}
#endif

#endif /* AIP_PLUGIN_H */
