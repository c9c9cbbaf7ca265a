/*
 * aip_json.h — JSON helpers for C plugins, built on jansson. Header-only.
 *
 * Everything here is `static inline`: include the header, link with
 * `-ljansson`, and nothing else is needed. It adds no symbols to your
 * plugin and keeps no global state; every function is safe to call from
 * any thread (jansson values themselves are not: do not share one json_t
 * between threads without a lock).
 *
 *     #include "aip_plugin.h"
 *     #include "aip_json.h"
 *
 *     static aip_status handle(void *instance, const aip_request *req, aip_response *resp) {
 *         my_state *s = instance;
 *         aip_status status;
 *         json_t *in = aip_json_request_ex(s->host, req, resp, &status);
 *         if (in == NULL)
 *             return status;              // resp already holds the error body
 *         json_int_t n;
 *         if (!aip_json_int_field(in, "n", 1, &n)) {
 *             json_decref(in);
 *             return aip_json_error(s->host, resp, AIP_ERR_INVALID_ARGUMENT,
 *                                   "%s: \"n\" must be an integer", req->capability);
 *         }
 *         json_decref(in);
 *         return aip_json_reply(s->host, resp, json_pack("{s:I}", "twice", (json_int_t)(2 * n)));
 *     }
 *
 * Rules the helpers follow (so you do not have to):
 *   - Every body they put in an aip_response (replies AND error bodies) is
 *     allocated with host->alloc, as the ABI requires; the caller of your
 *     capability frees it with host->free. content_type is always a static
 *     string (AIP_CONTENT_JSON unless you pass another one).
 *   - A helper that writes a body into `resp` first releases, with
 *     host->free, any body already there, so calling aip_json_error after a
 *     half-built reply does not leak. The host hands you `resp`
 *     zero-initialised, so the first write has nothing to release.
 *   - Out of memory => AIP_ERR_RESOURCE_EXHAUSTED, with the body
 *     {"error":{"code":"resource_exhausted","message":"out of memory"}} if it
 *     could still be allocated, otherwise resp->data is NULL.
 *   - Error bodies have the ABI's shape
 *         {"error":{"code":"invalid_argument","message":"..."}}
 *     where "code" is aip_status_name(status). Messages that are not valid
 *     UTF-8 have the offending bytes replaced by '?'.
 *   - An empty request payload (len 0) reads as {}, so "no arguments" needs
 *     no payload.
 *   - Functions that take a json_t * and say "steals" take over your
 *     reference (they json_decref it, also on failure) — so
 *     `return aip_json_reply(host, resp, json_pack(...));` is leak-free, and
 *     a NULL value (json_pack failed) is reported as out of memory.
 *
 * Functions:
 *   aip_status_name            status code -> "invalid_argument", ...
 *   aip_content_type_is_json   is a content type JSON (NULL counts as JSON)?
 *   aip_json_request(_ex)      parse a request payload, or fill an error reply
 *   aip_json_reply             serialise a json_t into the response (steals)
 *   aip_json_error(/verror)    printf-style error reply with the ABI error body
 *   aip_reply_bytes            copy raw bytes into the response
 *   aip_json_config            parse the plugin's config section
 *   aip_json_int_field         read an optional integer member with a default
 *   aip_json_publish           publish a json_t as an event (steals)
 *   aip_logf                   printf-style host->log
 *
 * Requires jansson >= 2.10 (json_dumpb). Compiles as C99 and as C++.
 */
#ifndef AIP_JSON_H
#define AIP_JSON_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "aip_plugin.h"

#if defined(__GNUC__) || defined(__clang__)
#define AIP_JSON_PRINTF(fmt_index, first_arg) __attribute__((format(printf, fmt_index, first_arg)))
#else
#define AIP_JSON_PRINTF(fmt_index, first_arg)
#endif

/* Size of the stack buffer used before falling back to the heap (messages, small JSON texts). */
#define AIP_JSON_STACK_BUFFER 2048

/* Flags used for every serialisation: compact output, any JSON value (not only objects/arrays). */
#define AIP_JSON_DUMP_FLAGS ((size_t)(JSON_COMPACT | JSON_ENCODE_ANY))

/* Flags used for every parse: any JSON value at the top level (scalars too). */
#define AIP_JSON_LOAD_FLAGS ((size_t)JSON_DECODE_ANY)

/* ---- Status names ------------------------------------------------------ */

/**
 * The code string of a status, as used in error bodies: AIP_OK -> "ok",
 * AIP_ERR_INVALID_ARGUMENT -> "invalid_argument", "not_found",
 * "permission_denied", "unavailable", "internal", "unsupported", "timeout",
 * "resource_exhausted", "conflict". Any other value -> "unknown".
 * The result is a static string.
 */
static inline const char *aip_status_name(aip_status status)
{
    switch (status) {
    case AIP_OK: return "ok";
    case AIP_ERR_INVALID_ARGUMENT: return "invalid_argument";
    case AIP_ERR_NOT_FOUND: return "not_found";
    case AIP_ERR_PERMISSION_DENIED: return "permission_denied";
    case AIP_ERR_UNAVAILABLE: return "unavailable";
    case AIP_ERR_INTERNAL: return "internal";
    case AIP_ERR_UNSUPPORTED: return "unsupported";
    case AIP_ERR_TIMEOUT: return "timeout";
    case AIP_ERR_RESOURCE_EXHAUSTED: return "resource_exhausted";
    case AIP_ERR_CONFLICT: return "conflict";
    default: return "unknown";
    }
}

/* ---- Content types ------------------------------------------------------ */

/**
 * Non-zero when `content_type` denotes JSON: NULL or "" (the ABI's default),
 * "application/json", or any "type/subtype+json" media type — compared
 * case-insensitively, parameters such as "; charset=utf-8" ignored.
 */
static inline int aip_content_type_is_json(const char *content_type)
{
    static const char json[] = "application/json";
    size_t end = 0, i;
    if (content_type == NULL)
        return 1;
    while (content_type[end] != '\0' && content_type[end] != ';' && content_type[end] != ' ' &&
           content_type[end] != '\t')
        end++;
    if (end == 0)
        return content_type[0] == '\0';
    if (end == sizeof(json) - 1) {
        for (i = 0; i < end; i++) {
            char c = content_type[i];
            if (c >= 'A' && c <= 'Z')
                c = (char)(c - 'A' + 'a');
            if (c != json[i])
                break;
        }
        if (i == end)
            return 1;
    }
    if (end > 5) {
        const char *suffix = content_type + end - 5;
        static const char plus_json[] = "+json";
        for (i = 0; i < 5; i++) {
            char c = suffix[i];
            if (c >= 'A' && c <= 'Z')
                c = (char)(c - 'A' + 'a');
            if (c != plus_json[i])
                return 0;
        }
        return memchr(content_type, '/', end) != NULL;
    }
    return 0;
}

/* ---- Internals (not part of the API; names may change) ------------------ */

/* Releases the body already in resp, if any. */
static inline void aip_json_internal_release(const aip_host_api *host, aip_response *resp)
{
    if (resp->data != NULL)
        host->free(resp->data);
    resp->data = NULL;
    resp->len = 0;
}

/* Replaces every byte that is not part of a well-formed UTF-8 sequence with '?', in place. */
static inline void aip_json_internal_fix_utf8(char *text)
{
    unsigned char *p = (unsigned char *)text;
    while (*p != 0) {
        unsigned long cp, min;
        size_t extra, i;
        unsigned char c = *p;
        if (c < 0x80) { p++; continue; }
        if ((c & 0xE0) == 0xC0) { extra = 1; cp = c & 0x1Fu; min = 0x80; }
        else if ((c & 0xF0) == 0xE0) { extra = 2; cp = c & 0x0Fu; min = 0x800; }
        else if ((c & 0xF8) == 0xF0) { extra = 3; cp = c & 0x07u; min = 0x10000; }
        else { *p++ = '?'; continue; }
        for (i = 1; i <= extra; i++) {
            if ((p[i] & 0xC0) != 0x80) /* also stops at the terminating NUL */
                break;
            cp = (cp << 6) | (p[i] & 0x3Fu);
        }
        if (i <= extra || cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            *p++ = '?';
            continue;
        }
        p += extra + 1;
    }
}

/*
 * printf into `stack` (capacity `cap`); if the text does not fit, into a malloc'd
 * buffer returned in *heap (free it with free()). Returns the text, never NULL:
 * on heap failure the truncated stack text, on a format error "".
 */
static inline char *aip_json_internal_vformat(char *stack, size_t cap, char **heap,
                                              const char *fmt, va_list ap)
{
    va_list copy;
    int n;
    *heap = NULL;
    stack[0] = '\0';
    if (fmt == NULL)
        return stack;
    va_copy(copy, ap);
    n = vsnprintf(stack, cap, fmt, ap);
    if (n < 0) {
        stack[0] = '\0';
    } else if ((size_t)n >= cap) {
        char *big = (char *)malloc((size_t)n + 1);
        if (big != NULL) {
            vsnprintf(big, (size_t)n + 1, fmt, copy);
            *heap = big;
            va_end(copy);
            return big;
        }
    }
    va_end(copy);
    return stack;
}

/* Serialises `value` (borrowed) compactly into host->alloc memory and stores it in resp. */
static inline aip_status aip_json_internal_store(const aip_host_api *host, aip_response *resp,
                                                 const json_t *value)
{
    char local[AIP_JSON_STACK_BUFFER];
    uint8_t *memory;
    size_t n = json_dumpb(value, local, sizeof local, AIP_JSON_DUMP_FLAGS);
    if (n == 0)
        return AIP_ERR_INTERNAL; /* not serialisable (or jansson ran out of memory) */
    memory = (uint8_t *)host->alloc(n);
    if (memory == NULL)
        return AIP_ERR_RESOURCE_EXHAUSTED;
    if (n <= sizeof local) {
        memcpy(memory, local, n);
    } else if (json_dumpb(value, (char *)memory, n, AIP_JSON_DUMP_FLAGS) != n) {
        host->free(memory);
        return AIP_ERR_INTERNAL;
    }
    aip_json_internal_release(host, resp);
    resp->data = memory;
    resp->len = n;
    resp->content_type = AIP_CONTENT_JSON;
    return AIP_OK;
}

/* Stores {"error":{"code":code,"message":message}}; `message` must be valid UTF-8. */
static inline aip_status aip_json_internal_error_body(const aip_host_api *host, aip_response *resp,
                                                      const char *code, const char *message)
{
    aip_status stored;
    json_t *body = json_pack("{s:{s:s,s:s}}", "error", "code", code, "message", message);
    if (body == NULL)
        return AIP_ERR_RESOURCE_EXHAUSTED;
    stored = aip_json_internal_store(host, resp, body);
    json_decref(body);
    return stored;
}

/* ---- Errors ------------------------------------------------------------- */

/**
 * Fills `resp` with an ABI error body and returns the status to hand back:
 *
 *     return aip_json_error(host, resp, AIP_ERR_NOT_FOUND, "no item %d", id);
 *
 * writes {"error":{"code":"not_found","message":"no item 7"}} and returns
 * AIP_ERR_NOT_FOUND. `fmt` is printf-style (NULL: the message is the code
 * name). Works for lifecycle `error` out-parameters too (they are
 * aip_response as well).
 * Returns `status`, except: AIP_ERR_RESOURCE_EXHAUSTED when memory runs out
 * (resp then holds {"error":{"code":"resource_exhausted","message":"out of
 * memory"}} if even that could be allocated, else resp->data is NULL);
 * AIP_ERR_INTERNAL (code
 * "internal") when `status` is AIP_OK or not a known status code.
 */
static inline aip_status aip_json_verror(const aip_host_api *host, aip_response *resp,
                                         aip_status status, const char *fmt, va_list ap)
{
    char stack[512];
    char *heap;
    char *message;
    aip_status stored;
    if (status == AIP_OK || strcmp(aip_status_name(status), "unknown") == 0)
        status = AIP_ERR_INTERNAL;
    message = aip_json_internal_vformat(stack, sizeof stack, &heap, fmt, ap);
    aip_json_internal_fix_utf8(message);
    stored = aip_json_internal_error_body(host, resp, aip_status_name(status),
                                          message[0] != '\0' ? message : aip_status_name(status));
    free(heap);
    if (stored != AIP_OK) {
        /* jansson or host->alloc ran out of memory: try a fixed body that needs no jansson,
         * and never leave a stale body next to an error status. */
        static const char fallback[] = "{\"error\":{\"code\":\"resource_exhausted\",\"message\":\"out of memory\"}}";
        uint8_t *memory = (uint8_t *)host->alloc(sizeof fallback - 1);
        aip_json_internal_release(host, resp);
        if (memory != NULL) {
            memcpy(memory, fallback, sizeof fallback - 1);
            resp->data = memory;
            resp->len = sizeof fallback - 1;
            resp->content_type = AIP_CONTENT_JSON;
        }
        return AIP_ERR_RESOURCE_EXHAUSTED;
    }
    return status;
}

/** printf-style front end of aip_json_verror (see there). */
static inline aip_status aip_json_error(const aip_host_api *host, aip_response *resp,
                                        aip_status status, const char *fmt, ...) AIP_JSON_PRINTF(4, 5);
static inline aip_status aip_json_error(const aip_host_api *host, aip_response *resp,
                                        aip_status status, const char *fmt, ...)
{
    aip_status result;
    va_list ap;
    va_start(ap, fmt);
    result = aip_json_verror(host, resp, status, fmt, ap);
    va_end(ap);
    return result;
}

/* ---- Replies ------------------------------------------------------------ */

/**
 * Serialises `value` compactly (json_dumpb, JSON_COMPACT) into memory from
 * host->alloc and stores it in `resp` with content type AIP_CONTENT_JSON.
 * STEALS the reference to `value` (decref'd on every path). Any JSON value
 * is accepted, not only objects. Returns AIP_OK; AIP_ERR_RESOURCE_EXHAUSTED
 * if `value` is NULL or memory runs out; AIP_ERR_INTERNAL if the value
 * cannot be serialised. On failure resp holds an error body when possible.
 */
static inline aip_status aip_json_reply(const aip_host_api *host, aip_response *resp, json_t *value)
{
    aip_status status;
    if (value == NULL)
        return aip_json_error(host, resp, AIP_ERR_RESOURCE_EXHAUSTED, "out of memory building the reply");
    status = aip_json_internal_store(host, resp, value);
    json_decref(value);
    if (status == AIP_ERR_RESOURCE_EXHAUSTED)
        return aip_json_error(host, resp, AIP_ERR_RESOURCE_EXHAUSTED, "out of memory serialising the reply");
    if (status != AIP_OK)
        return aip_json_error(host, resp, AIP_ERR_INTERNAL, "the reply could not be serialised as JSON");
    return AIP_OK;
}

/**
 * Copies `len` bytes of `data` into memory from host->alloc and stores them
 * in `resp` with `static_content_type` (a string with static storage, e.g.
 * AIP_CONTENT_BYTES or req->content_type of a request you are echoing only if
 * you know it is static — the host's request strings are NOT static; NULL
 * means AIP_CONTENT_JSON as everywhere in the ABI). An empty reply still
 * gets a 1-byte allocation so resp->data is never NULL on success.
 * Returns AIP_OK, AIP_ERR_RESOURCE_EXHAUSTED, or AIP_ERR_INTERNAL when
 * `data` is NULL with a non-zero `len`.
 */
static inline aip_status aip_reply_bytes(const aip_host_api *host, aip_response *resp,
                                         const void *data, size_t len, const char *static_content_type)
{
    uint8_t *memory;
    if (data == NULL && len != 0)
        return aip_json_error(host, resp, AIP_ERR_INTERNAL, "aip_reply_bytes: NULL data with length %lu",
                              (unsigned long)len);
    memory = (uint8_t *)host->alloc(len != 0 ? len : 1);
    if (memory == NULL)
        return aip_json_error(host, resp, AIP_ERR_RESOURCE_EXHAUSTED, "out of memory copying a %lu-byte reply",
                              (unsigned long)len);
    if (len != 0)
        memcpy(memory, data, len);
    aip_json_internal_release(host, resp);
    resp->data = memory;
    resp->len = len;
    resp->content_type = static_content_type;
    return AIP_OK;
}

/* ---- Requests ----------------------------------------------------------- */

/**
 * Parses the request payload as JSON and returns a NEW reference (json_decref
 * it when done), or NULL after filling `resp` with an error body, storing the
 * status your handler should return in *status (may be NULL if you don't
 * need it; on success *status is AIP_OK):
 *   - content type not JSON (see aip_content_type_is_json) -> AIP_ERR_UNSUPPORTED,
 *     code "unsupported";
 *   - malformed JSON -> AIP_ERR_INVALID_ARGUMENT, code "invalid_argument",
 *     message "malformed JSON payload for <capability>: <jansson text> at line L column C";
 *   - out of memory -> AIP_ERR_RESOURCE_EXHAUSTED.
 * An EMPTY payload (len 0) is read as an empty object {} so that "no
 * arguments" needs no payload. Any JSON value is accepted at the top level
 * (check json_is_object() yourself if you need an object).
 */
static inline json_t *aip_json_request_ex(const aip_host_api *host, const aip_request *req,
                                          aip_response *resp, aip_status *status)
{
    aip_status ignored;
    json_error_t error;
    json_t *value;
    const char *capability = req->capability != NULL ? req->capability : "(unnamed capability)";
    if (status == NULL)
        status = &ignored;
    if (!aip_content_type_is_json(req->content_type)) {
        *status = aip_json_error(host, resp, AIP_ERR_UNSUPPORTED,
                                 "%s accepts only %s payloads, not \"%s\"", capability, AIP_CONTENT_JSON,
                                 req->content_type);
        return NULL;
    }
    if (req->len == 0) {
        value = json_object();
        if (value == NULL)
            *status = aip_json_error(host, resp, AIP_ERR_RESOURCE_EXHAUSTED, "out of memory parsing the payload");
        else
            *status = AIP_OK;
        return value;
    }
    if (req->data == NULL) {
        *status = aip_json_error(host, resp, AIP_ERR_INVALID_ARGUMENT,
                                 "malformed request for %s: NULL data with length %lu", capability,
                                 (unsigned long)req->len);
        return NULL;
    }
    memset(&error, 0, sizeof error); /* some jansson failure paths (out of memory) leave it untouched */
    value = json_loadb((const char *)req->data, req->len, AIP_JSON_LOAD_FLAGS, &error);
    if (value != NULL) {
        *status = AIP_OK;
        return value;
    }
    /* Every parse error gets a text; an empty one means jansson could not allocate. */
    if (error.text[0] == '\0'
#if JANSSON_VERSION_HEX >= 0x020b00
        || json_error_code(&error) == json_error_out_of_memory
#endif
    ) {
        *status = aip_json_error(host, resp, AIP_ERR_RESOURCE_EXHAUSTED, "out of memory parsing the payload");
        return NULL;
    }
    *status = aip_json_error(host, resp, AIP_ERR_INVALID_ARGUMENT,
                             "malformed JSON payload for %s: %s at line %d column %d", capability, error.text,
                             error.line, error.column);
    return NULL;
}

/**
 * aip_json_request_ex without the status. When it returns NULL, `resp`
 * holds the error body; return AIP_ERR_INVALID_ARGUMENT for a malformed
 * payload — or use aip_json_request_ex to get the exact status
 * (AIP_ERR_UNSUPPORTED for a non-JSON content type, AIP_ERR_RESOURCE_EXHAUSTED
 * when out of memory).
 */
static inline json_t *aip_json_request(const aip_host_api *host, const aip_request *req, aip_response *resp)
{
    return aip_json_request_ex(host, req, resp, NULL);
}

/* ---- Configuration ------------------------------------------------------ */

/**
 * Parses host->config_json(ctx) — the plugin's config section, already
 * validated by the host against the descriptor's config_schema — and returns
 * a NEW reference (json_decref it), normally an object. A missing config
 * reads as {}. Returns NULL when the text is not JSON or memory runs out;
 * the reason is logged through host->log at AIP_LOG_ERROR. Call it from
 * `init` (or later, until `shutdown` returns). Do not rely on the host having
 * filled in schema defaults: read members with a default, e.g. with
 * aip_json_int_field.
 */
static inline json_t *aip_json_config(const aip_host_api *host, aip_host_ctx *ctx)
{
    json_error_t error;
    json_t *value;
    const char *text = host->config_json != NULL ? host->config_json(ctx) : NULL;
    if (text == NULL || text[0] == '\0')
        text = "{}";
    memset(&error, 0, sizeof error);
    value = json_loads(text, AIP_JSON_LOAD_FLAGS, &error);
    if (value == NULL && host->log != NULL) {
        char message[JSON_ERROR_TEXT_LENGTH + 96];
        if (error.text[0] == '\0')
            snprintf(message, sizeof message, "out of memory parsing the config section");
        else
            snprintf(message, sizeof message, "config section is not valid JSON: %s at line %d column %d",
                     error.text, error.line, error.column);
        host->log(ctx, AIP_LOG_ERROR, message);
    }
    return value;
}

/* ---- Reading members ---------------------------------------------------- */

/**
 * Reads integer member `key` of `object` into *out. A missing member (or
 * JSON null, or `object` not being an object) yields `fallback`. Returns 1 on
 * success, 0 if the member exists but is not an integer (1.5, "3", true are
 * all refused; *out is then left unchanged).
 */
static inline int aip_json_int_field(const json_t *object, const char *key, json_int_t fallback, json_int_t *out)
{
    json_t *member = json_is_object(object) ? json_object_get(object, key) : NULL;
    if (member == NULL || json_is_null(member)) {
        *out = fallback;
        return 1;
    }
    if (!json_is_integer(member))
        return 0;
    *out = json_integer_value(member);
    return 1;
}

/* ---- Events and logging ------------------------------------------------- */

/**
 * Publishes `value` serialised compactly as an AIP_CONTENT_JSON event on
 * `topic`. STEALS the reference. Returns what host->publish returns
 * (AIP_ERR_PERMISSION_DENIED when `topic` is outside your `publishes`
 * patterns), AIP_ERR_RESOURCE_EXHAUSTED when `value` is NULL or memory runs
 * out, AIP_ERR_INTERNAL when it cannot be serialised. Serialises into a
 * stack buffer (no malloc) for payloads up to AIP_JSON_STACK_BUFFER bytes.
 */
static inline aip_status aip_json_publish(const aip_host_api *host, aip_host_ctx *ctx, const char *topic,
                                          json_t *value)
{
    char local[AIP_JSON_STACK_BUFFER];
    char *text = local;
    size_t n;
    aip_status status;
    if (value == NULL)
        return AIP_ERR_RESOURCE_EXHAUSTED;
    n = json_dumpb(value, local, sizeof local, AIP_JSON_DUMP_FLAGS);
    if (n == 0) {
        json_decref(value);
        return AIP_ERR_INTERNAL;
    }
    if (n > sizeof local) {
        text = (char *)malloc(n);
        if (text == NULL) {
            json_decref(value);
            return AIP_ERR_RESOURCE_EXHAUSTED;
        }
        if (json_dumpb(value, text, n, AIP_JSON_DUMP_FLAGS) != n) {
            free(text);
            json_decref(value);
            return AIP_ERR_INTERNAL;
        }
    }
    json_decref(value);
    status = host->publish(ctx, topic, AIP_CONTENT_JSON, (const uint8_t *)text, n);
    if (text != local)
        free(text);
    return status;
}

/** printf-style host->log: aip_logf(host, ctx, AIP_LOG_INFO, "ready on port %d", port). */
static inline void aip_logf(const aip_host_api *host, aip_host_ctx *ctx, aip_log_level level, const char *fmt, ...)
    AIP_JSON_PRINTF(4, 5);
static inline void aip_logf(const aip_host_api *host, aip_host_ctx *ctx, aip_log_level level, const char *fmt, ...)
{
    char stack[512];
    char *heap;
    char *message;
    va_list ap;
    va_start(ap, fmt);
    message = aip_json_internal_vformat(stack, sizeof stack, &heap, fmt, ap);
    va_end(ap);
    host->log(ctx, level, message);
    free(heap);
}

#endif /* AIP_JSON_H */
