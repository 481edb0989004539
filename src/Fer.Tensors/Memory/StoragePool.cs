namespace Fer.Tensors.Memory;

/// <summary>
/// Recycled tensor storages, keyed by exact length (a training step asks for the same sizes every
/// time, and an exact length keeps every kernel's assumption that a fresh tensor's storage is exactly
/// its element count). Thread-safe; any thread may rent what another returned. Each thread counts its
/// own epochs (an epoch ends with each of its outermost scopes), and two rules keep a change of sizes
/// (the last, smaller batch of an epoch; a validation pass after training steps) from pinning memory:
/// <list type="bullet">
/// <item>a size the pool has none of drops as many floats of arrays the same thread returned in an
/// earlier epoch of its own, largest first, so one step's set of sizes replaces the other instead of
/// both being held (and once an epoch asks again for a size it dropped, it drops nothing more, so a
/// size that misses every step costs one array, not a cascade);</item>
/// <item>arrays not rented again within <see cref="MaxIdleEpochs"/> epochs of the thread that returned
/// them, or within <see cref="MaxIdleSharedEpochs"/> epochs of all threads together, are dropped.</item>
/// </list>
/// Threads never drop each other's arrays for a new size, so concurrent scopes do not churn each other.
/// </summary>
internal sealed class StoragePool
{
    /// <summary>Own epochs an idle array survives.</summary>
    internal const int MaxIdleEpochs = 2;

    /// <summary>Epochs of all threads together an idle array survives (arrays of threads that stopped using scopes).</summary>
    internal const int MaxIdleSharedEpochs = 256;

    /// <summary>The pool every <see cref="TensorScope"/> uses.</summary>
    internal static StoragePool Shared { get; } = new();

    // Per length, idle arrays in the order they came back.
    private readonly Dictionary<int, List<Entry>> free = [];
    private readonly Dictionary<int, ThreadState> threads = [];
    private readonly object gate = new();
    private long sharedEpoch;
    private long pooledFloats;

    private readonly record struct Entry(float[] Array, ThreadState Owner, long Epoch, long SharedEpoch);

    private sealed class ThreadState
    {
        public long Epoch;
        public bool DropsHalted;
        public readonly HashSet<int> DroppedThisEpoch = [];
    }

    /// <summary>Floats held in the pool, idle, right now.</summary>
    internal long PooledFloats
    {
        get
        {
            lock (gate) return pooledFloats;
        }
    }

    /// <summary>Idle arrays of exactly <paramref name="length"/> floats (tests).</summary>
    internal int IdleCount(int length)
    {
        lock (gate) return free.TryGetValue(length, out var list) ? list.Count : 0;
    }

    /// <summary>An array of exactly <paramref name="length"/> floats (contents undefined).</summary>
    internal float[] Rent(int length) => Rent(length, out _);

    /// <summary>As <see cref="Rent(int)"/>; <paramref name="fresh"/> tells whether the array had to be allocated.</summary>
    internal float[] Rent(int length, out bool fresh)
    {
        lock (gate)
        {
            if (free.TryGetValue(length, out var list) && list.Count > 0)
            {
                float[] array = list[^1].Array;
                list.RemoveAt(list.Count - 1);
                pooledFloats -= length;
                fresh = false;
                return array;
            }

            ThreadState state = Current();
            if (state.DroppedThisEpoch.Contains(length)) state.DropsHalted = true;
            else if (!state.DropsHalted) DropStale(state, length);
        }

        fresh = true;
        return GC.AllocateUninitializedArray<float>(length);
    }

    /// <summary>Puts <paramref name="array"/> back for reuse; the caller must hold no other reference to it.</summary>
    internal void Return(float[] array)
    {
        lock (gate)
        {
            if (!free.TryGetValue(array.Length, out var list)) free[array.Length] = list = [];
            ThreadState state = Current();
            list.Add(new Entry(array, state, state.Epoch, sharedEpoch));
            pooledFloats += array.Length;
        }
    }

    /// <summary>Ends the calling thread's epoch (its outermost scope ended) and drops arrays idle for too long.</summary>
    internal void EndEpoch()
    {
        lock (gate)
        {
            ThreadState state = Current();
            state.Epoch++;
            state.DroppedThisEpoch.Clear();
            state.DropsHalted = false;
            sharedEpoch++;
            foreach (var (length, list) in free)
            {
                int kept = 0;
                for (int i = 0; i < list.Count; i++)
                {
                    Entry e = list[i];
                    bool idleTooLong = e.Owner == state ? state.Epoch - e.Epoch > MaxIdleEpochs : sharedEpoch - e.SharedEpoch > MaxIdleSharedEpochs;
                    if (!idleTooLong) list[kept++] = e;
                }

                pooledFloats -= (long)length * (list.Count - kept);
                list.RemoveRange(kept, list.Count - kept);
            }
        }
    }

    /// <summary>Drops every idle array.</summary>
    internal void Clear()
    {
        lock (gate)
        {
            free.Clear();
            pooledFloats = 0;
        }
    }

    private ThreadState Current()
    {
        int id = Environment.CurrentManagedThreadId;
        if (!threads.TryGetValue(id, out ThreadState? state)) threads[id] = state = new ThreadState();
        return state;
    }

    // Drops at least `floats` floats of the thread's arrays idle since an earlier epoch of its own (none a
    // running step has rented yet), largest first: the sizes a step stopped asking for are mostly batch-sized.
    private void DropStale(ThreadState state, long floats)
    {
        while (floats > 0)
        {
            List<Entry>? largest = null;
            int index = -1, largestLength = 0;
            foreach (var (length, list) in free)
            {
                if (length <= largestLength) continue;
                int i = 0;
                while (i < list.Count && !(list[i].Owner == state && list[i].Epoch < state.Epoch)) i++;
                if (i == list.Count) continue;
                largest = list;
                index = i;
                largestLength = length;
            }

            if (largest is null) return;
            largest.RemoveAt(index);
            state.DroppedThisEpoch.Add(largestLength);
            pooledFloats -= largestLength;
            floats -= largestLength;
        }
    }
}
