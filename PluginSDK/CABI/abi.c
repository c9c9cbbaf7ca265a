/* The ABI is header-only; this file gives SwiftPM a C target to build. */
#include "aip_plugin.h"
