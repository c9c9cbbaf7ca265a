enum HTTPCoreVersion {}
