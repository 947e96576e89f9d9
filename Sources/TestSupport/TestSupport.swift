// TestSupport: seeded generators and fixture builders shared by tests and benchmarks.
// It does not import Testing, so that the benchmarks can reuse it.
