// Replaced by the conformance work.
enum ConformanceModulePlaceholder {}
