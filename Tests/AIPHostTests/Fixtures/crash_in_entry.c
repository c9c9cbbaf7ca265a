/*
 * Fixture "fx-crashy": aip_plugin_entry itself crashes (writes through a NULL pointer).
 * Used to check that probing a plugin in a child process contains the crash: the
 * parent must survive and report the library as refused, not die.
 */
#define FIXTURE_REPLY "{\"plugin\":\"fx-crashy\"}"
#include "minimal_plugin.h"

static const aip_capability_decl provides[] = {
    { sizeof(aip_capability_decl), "fx.crashy", "1.0.0", NULL, NULL, 0 },
};

static const aip_plugin_descriptor descriptor = {
    .struct_size = sizeof(aip_plugin_descriptor),
    .abi_major = AIP_ABI_MAJOR, .abi_minor = AIP_ABI_MINOR,
    .name = "fx-crashy", .version = "1.0.0",
    .description = "test fixture: aip_plugin_entry itself crashes (writes through a NULL pointer)",
    .provides = provides, .provides_count = sizeof provides / sizeof provides[0],
    .init = fx_init, .handle = fx_handle,
};

AIP_EXPORT const aip_plugin_descriptor *aip_plugin_entry(void)
{
    /* Both volatile: the pointer (so the compiler cannot prove it is NULL and turn the
     * store into a trap) and the pointee (so the store cannot be dropped, even at -O2).
     * The result is a plain SIGSEGV. */
    volatile int *volatile target = NULL;
    *target = 42;
    return &descriptor;
}
