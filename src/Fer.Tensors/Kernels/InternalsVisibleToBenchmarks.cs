using System.Runtime.CompilerServices;

// The benchmark harness times the managed and native paths separately and tunes block sizes.
[assembly: InternalsVisibleTo("Fer.Benchmarks")]
