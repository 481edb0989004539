// The commands set the engine's global thread count and run CPU-heavy work: one test at a time keeps
// them from racing each other and keeps timings predictable on a 2-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
