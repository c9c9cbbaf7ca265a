// Replaced by the test-kit work.
enum TestKitModulePlaceholder {}
