namespace Fer.Tensors.Memory;

/// <summary>
/// Recycled tensor storages, keyed by exact length (a training step asks for the same sizes every
/// time, and an exact length keeps every kernel's assumption that a fresh tensor's storage is exactly
/// its element count). Arrays not rented again within <see cref="MaxIdleEpochs"/> ends of outermost
/// scopes are dropped, so a change of sizes (a smaller last batch) does not pin memory for good.
/// Thread-safe.
/// </summary>
internal static class StoragePool
{
    /// <summary>Outermost-scope ends an idle array survives.</summary>
    internal const int MaxIdleEpochs = 2;

    private static readonly Dictionary<int, Stack<(float[] Array, long Epoch)>> Free = [];
    private static readonly object Gate = new();
    private static long epoch;
    private static long pooledFloats;

    /// <summary>Floats held in the pool, idle, right now.</summary>
    internal static long PooledFloats
    {
        get
        {
            lock (Gate) return pooledFloats;
        }
    }

    /// <summary>An array of exactly <paramref name="length"/> floats (contents undefined).</summary>
    internal static float[] Rent(int length) => Rent(length, out _);

    /// <summary>As <see cref="Rent(int)"/>; <paramref name="fresh"/> tells whether the array had to be allocated.</summary>
    internal static float[] Rent(int length, out bool fresh)
    {
        lock (Gate)
        {
            if (Free.TryGetValue(length, out var stack) && stack.Count > 0)
            {
                pooledFloats -= length;
                fresh = false;
                return stack.Pop().Array;
            }
        }

        fresh = true;
        return GC.AllocateUninitializedArray<float>(length);
    }

    /// <summary>Puts <paramref name="array"/> back for reuse; the caller must hold no other reference to it.</summary>
    internal static void Return(float[] array)
    {
        lock (Gate)
        {
            if (!Free.TryGetValue(array.Length, out var stack)) Free[array.Length] = stack = new Stack<(float[], long)>();
            stack.Push((array, epoch));
            pooledFloats += array.Length;
        }
    }

    /// <summary>Ends an epoch (an outermost scope ended): drops arrays idle for more than <see cref="MaxIdleEpochs"/> epochs.</summary>
    internal static void EndEpoch()
    {
        lock (Gate)
        {
            epoch++;
            foreach (var (length, stack) in Free)
            {
                if (stack.Count == 0 || stack.All(e => epoch - e.Epoch <= MaxIdleEpochs)) continue;
                var keep = stack.Where(e => epoch - e.Epoch <= MaxIdleEpochs).Reverse().ToList();
                pooledFloats -= (long)length * (stack.Count - keep.Count);
                stack.Clear();
                foreach (var e in keep) stack.Push(e);
            }
        }
    }

    /// <summary>Drops every idle array.</summary>
    internal static void Clear()
    {
        lock (Gate)
        {
            Free.Clear();
            pooledFloats = 0;
        }
    }
}
