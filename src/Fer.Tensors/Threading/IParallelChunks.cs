namespace Fer.Tensors.Threading;

/// <summary>Work split into a fixed number of chunks; <see cref="RunChunk"/> may run on any thread, each index exactly once.</summary>
internal interface IParallelChunks
{
    /// <summary>Runs chunk <paramref name="index"/> (0-based).</summary>
    void RunChunk(int index);
}
