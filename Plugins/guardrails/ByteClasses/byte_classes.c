// The functions are `static inline` in the header, compiled into each Swift caller; SwiftPM wants a
// source file for a C target.
#include "guardrails_byte_classes.h"
