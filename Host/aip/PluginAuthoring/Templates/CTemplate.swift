/// Files of a scaffolded C plugin project. `{{…}}` placeholders are filled by `ScaffoldWriter`.
enum CTemplate {
    static let files: [(path: String, text: String, executable: Bool)] = [
        ("{{name}}.c", source, false),
        ("Makefile", makefile, false),
        ("tests/run-tests.sh", testScript, true),
        ("plugin.json", ManifestTemplate.text(language: "c"), false),
        ("README.md", readme, false),
        ("LICENSE", LicenseTemplate.text, false),
        (".gitignore", "*.so\n*.aipkg\n*.o\n", false),
    ]

    static let source = #"""
/*
 * {{name}}: a C plugin for AI Platform, scaffolded by `aip plugin new`.
 *
 *   {{capability}}  {"name": "Ada"} -> {"message": "Hello, Ada!"}; publishes {{topic}}
 *
 * Config section (plugins.{{name}}): {"greeting": "Hello"}.
 * Rules that bite (see aip_plugin.h): reply bodies must come from host->alloc; request data is
 * borrowed for the call only; this plugin says it is thread-safe, so handle may run concurrently.
 */
#include <stdlib.h>
#include <string.h>

#include "aip_plugin.h"
#include "aip_json.h"

typedef struct {{c_name}}_instance {
    const aip_host_api *host;
    aip_host_ctx *ctx;
    char *greeting; /* immutable after init: safe to read from any thread */
} {{c_name}}_instance;

static aip_status {{c_name}}_init(const aip_host_api *host, aip_host_ctx *ctx, void **instance, aip_response *error)
{
    json_t *config = aip_json_config(host, ctx);
    const char *greeting = config != NULL ? json_string_value(json_object_get(config, "greeting")) : NULL;
    {{c_name}}_instance *self = ({{c_name}}_instance *)calloc(1, sizeof *self);
    if (self == NULL || (self->greeting = strdup(greeting != NULL ? greeting : "Hello")) == NULL) {
        free(self);
        json_decref(config);
        return aip_json_error(host, error, AIP_ERR_RESOURCE_EXHAUSTED, "{{name}}: out of memory");
    }
    json_decref(config);
    self->host = host;
    self->ctx = ctx;
    *instance = self;
    return AIP_OK;
}

static void {{c_name}}_shutdown(void *instance)
{
    {{c_name}}_instance *self = ({{c_name}}_instance *)instance;
    free(self->greeting);
    free(self);
}

/* {{capability}}: a missing or empty "name" is the caller's error, never a crash. */
static aip_status {{c_name}}_greet({{c_name}}_instance *self, const aip_request *req, aip_response *resp)
{
    aip_status status;
    json_t *request = aip_json_request_ex(self->host, req, resp, &status);
    if (request == NULL)
        return status;
    const char *name = json_string_value(json_object_get(request, "name"));
    if (name == NULL || name[0] == '\0') {
        json_decref(request);
        return aip_json_error(self->host, resp, AIP_ERR_INVALID_ARGUMENT, "field 'name' must be a non-empty string");
    }
    json_t *reply = json_pack("{s:s+++}", "message", self->greeting, ", ", name, "!");
    json_t *event = json_pack("{s:s}", "name", name);
    json_decref(request);
    if (reply == NULL) {
        json_decref(event);
        return aip_json_error(self->host, resp, AIP_ERR_RESOURCE_EXHAUSTED, "out of memory");
    }
    aip_json_publish(self->host, self->ctx, "{{topic}}", event);
    return aip_json_reply(self->host, resp, reply);
}

static aip_status {{c_name}}_handle(void *instance, const aip_request *req, aip_response *resp)
{
    {{c_name}}_instance *self = ({{c_name}}_instance *)instance;
    switch (req->capability_index) {
    case 0: return {{c_name}}_greet(self, req, resp);
    default: return aip_json_error(self->host, resp, AIP_ERR_NOT_FOUND, "no capability %u", req->capability_index);
    }
}

static const aip_capability_decl {{c_name}}_provides[] = {
    { sizeof(aip_capability_decl), "{{capability}}", "1.0.0", NULL, NULL, 0 },
};

static const char *const {{c_name}}_publishes[] = { "{{name}}.#" };

static const aip_plugin_descriptor {{c_name}}_descriptor = {
    .struct_size = sizeof(aip_plugin_descriptor),
    .abi_major = AIP_ABI_MAJOR,
    .abi_minor = AIP_ABI_MINOR,
    .name = "{{name}}",
    .version = "0.1.0",
    .description = "Greets people (scaffolded by aip plugin new)",
    .flags = AIP_PLUGIN_THREAD_SAFE,
    .provides = {{c_name}}_provides,
    .provides_count = 1,
    .publishes = {{c_name}}_publishes,
    .publishes_count = 1,
    .config_schema = "{\"type\":\"object\",\"properties\":{\"greeting\":{\"type\":\"string\",\"minLength\":1,\"default\":\"Hello\"}},\"additionalProperties\":false}",
    .init = {{c_name}}_init,
    .shutdown = {{c_name}}_shutdown,
    .handle = {{c_name}}_handle,
};

AIP_EXPORT const aip_plugin_descriptor *aip_plugin_entry(void)
{
    return &{{c_name}}_descriptor;
}
"""#

    static let makefile = #"""
# {{name}} — build, test, conformance-check and pack the plugin.
#   make              -> lib{{name}}.so
#   make test         -> the project's own test (tests/run-tests.sh)
#   make conformance  -> aip plugin test (the ABI contract, fuzzing, lifecycle)
#   make pack         -> {{name}}-0.1.0.aipkg
# AIP and AIP_SDK_INCLUDE point at the AI Platform checkout that scaffolded this project.

AIP ?= {{aip}}
AIP_SDK_INCLUDE ?= {{sdk_include}}
CC ?= cc
CFLAGS ?= -O2 -Wall -Wextra -Werror
LIB = lib{{name}}.so

.PHONY: all test conformance pack clean

all: $(LIB)

$(LIB): {{name}}.c
	$(CC) -shared -fPIC -fvisibility=hidden -I$(AIP_SDK_INCLUDE) $(CFLAGS) {{name}}.c -o $@ -ljansson

test: $(LIB)
	AIP="$(AIP)" sh tests/run-tests.sh

conformance: $(LIB)
	"$(AIP)" plugin test .

pack: $(LIB)
	"$(AIP)" plugin pack .

clean:
	rm -f $(LIB) *.aipkg
"""#

    static let testScript = #"""
#!/bin/sh
# The project's own test: load the plugin into a real host and check its answers.
set -eu
AIP=${AIP:-aip}
project=$(cd "$(dirname "$0")/.." && pwd)
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
mkdir -p "$home/plugins/{{name}}"
cp "$project/lib{{name}}.so" "$home/plugins/{{name}}/"
passed=0
failed=0
check() { if [ "$1" = "$2" ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $3: got '$1', expected '$2'"; fi; }

reply=$(AIP_HOME="$home" "$AIP" call {{capability}} '{"name":"Ada"}')
check "$reply" '{"message":"Hello, Ada!"}' "greets by name"

printf '{"plugins": {"{{name}}": {"greeting": "Hi"}}}' > "$home/config.json"
reply=$(AIP_HOME="$home" "$AIP" call {{capability}} '{"name":"Lin"}')
check "$reply" '{"message":"Hi, Lin!"}' "uses the configured greeting"

status=0
AIP_HOME="$home" "$AIP" call {{capability}} '{"name": ""}' >/dev/null 2>&1 || status=$?
check "$status" 1 "an empty name is refused with an error status"

status=0
AIP_HOME="$home" "$AIP" call {{capability}} '{not json' >/dev/null 2>&1 || status=$?
check "$status" 1 "a malformed payload is refused with an error status"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
"""#


    static let readme = #"""
# {{name}}

A C plugin for AI Platform. It provides `{{capability}}` (`{"name":"Ada"}` →
`{"message":"Hello, Ada!"}`) and publishes `{{topic}}` after each greeting.

```sh
make              # build lib{{name}}.so (needs libjansson-dev)
make test         # load it into a real host and check its answers
make conformance  # aip plugin test: ABI contract, lifecycle, 1,000 fuzzed payloads per capability
make pack         # {{name}}-0.1.0.aipkg, ready for a marketplace index
```

Change `plugin.json` whenever the descriptor in `{{name}}.c` changes: `aip plugin validate`
checks that they agree. The ABI rules are in `aip_plugin.h` ({{sdk_include}}).
LICENSE carries the Apache-2.0 notice that plugin.json declares; change both together.
"""#
}
