// Replaced by the packaging work (manifest, validate, pack).
enum PackagingModulePlaceholder {}
