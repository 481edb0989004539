using System.Collections.Concurrent;

namespace Fer.Tensors.Memory;

/// <summary>
/// A region of code (typically one training or inference step) whose temporary tensors take their
/// storage from a pool and give it back when the scope is disposed, so a steady stream of steps
/// allocates almost nothing and memory stays at one step's worth:
/// <code>
/// using (TensorScope.Begin())
/// {
///     Tensor loss = Losses.CrossEntropy(model.Forward(x), y);
///     loss.Backward();
///     optimizer.Step();
///     lossValue = loss.Item();
/// }
/// </code>
/// Inside a scope, tensors of at least <see cref="MinPooledLength"/> elements created on this
/// thread use pooled storage. When the scope ends, every tensor viewing such storage is released:
/// reading it afterwards throws <see cref="ObjectDisposedException"/>, never returns stale data.
/// Storage registered as a module parameter or buffer, or assigned to <see cref="Tensor.Grad"/>,
/// leaves the pool for good; call <see cref="Keep"/> for any other result that must outlive the scope.
/// Without a scope nothing changes: tensors are ordinary garbage-collected arrays. Scopes nest and
/// belong to the thread that began them.
/// </summary>
public sealed class TensorScope : IDisposable
{
    /// <summary>Tensors with fewer elements than this are never pooled (small arrays are cheap for the GC).</summary>
    public const int MinPooledLength = 4096;

    [ThreadStatic] private static TensorScope? current;
    [ThreadStatic] private static long freshStorage;
    private static readonly ConcurrentDictionary<float[], TensorScope> Owners = new(ReferenceEqualityComparer.Instance);
    private static int alive;

    private readonly TensorScope? parent;
    private readonly int threadId;
    private readonly Dictionary<float[], List<Tensor>> owned = new(ReferenceEqualityComparer.Instance);
    private readonly object gate = new();
    private bool disposed;

    private TensorScope(TensorScope? parent)
    {
        this.parent = parent;
        threadId = Environment.CurrentManagedThreadId;
    }

    /// <summary>The innermost scope open on this thread, or null.</summary>
    public static TensorScope? Current => current;

    /// <summary>Floats of idle storage the pool holds for reuse (all threads).</summary>
    public static long PooledElements => StoragePool.Shared.PooledFloats;

    /// <summary>Pooled storages this thread's scopes had to allocate because the pool had none of the size (steady steps add none).</summary>
    public static long FreshStorageCount => freshStorage;

    /// <summary>Storage arrays this scope owns right now (for tests and diagnostics).</summary>
    public int OwnedStorageCount
    {
        get
        {
            lock (gate) return owned.Count;
        }
    }

    /// <summary>Opens a scope on this thread (nested in the current one, if any).</summary>
    public static TensorScope Begin()
    {
        var scope = new TensorScope(current);
        current = scope;
        Interlocked.Increment(ref alive);
        return scope;
    }

    /// <summary>Drops all idle pooled storage (e.g. after training, to give the memory back).</summary>
    public static void ClearPool() => StoragePool.Shared.Clear();

    /// <summary>
    /// Lets <paramref name="tensor"/> (and every view of its storage) outlive this scope: its storage
    /// moves to the enclosing scope, or, at the outermost level, leaves the pool for good. Returns
    /// <paramref name="tensor"/>. Only the data is kept; a recorded graph behind it is still released.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The scope has ended.</exception>
    public Tensor Keep(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ObjectDisposedException.ThrowIf(disposed, this);
        float[] storage = tensor.Storage;
        List<Tensor>? views;
        lock (gate)
        {
            if (!owned.Remove(storage, out views)) return tensor;
        }
        if (parent is null)
        {
            Owners.TryRemove(storage, out _);
            return tensor;
        }
        lock (parent.gate) parent.owned[storage] = views;
        Owners[storage] = parent;
        return tensor;
    }

    /// <summary>Ends the scope: releases every tensor on pooled storage it owns and returns the storage to the pool.</summary>
    /// <exception cref="InvalidOperationException">Called on another thread, or while an inner scope is still open.</exception>
    public void Dispose()
    {
        if (disposed) return;
        if (Environment.CurrentManagedThreadId != threadId)
            throw new InvalidOperationException("A TensorScope must be disposed on the thread that began it.");
        if (!ReferenceEquals(current, this))
            throw new InvalidOperationException("TensorScopes must be disposed innermost first; an inner scope is still open.");
        disposed = true;
        current = parent;
        lock (gate)
        {
            foreach (var (storage, views) in owned)
            {
                foreach (Tensor t in views) t.ReleaseStorage();
                Owners.TryRemove(storage, out _);
                StoragePool.Shared.Return(storage);
            }
            owned.Clear();
        }
        Interlocked.Decrement(ref alive);
        if (parent is null) StoragePool.Shared.EndEpoch();
    }

    /// <summary>Pooled storage of exactly <paramref name="length"/> floats when a scope is open on this thread and the length qualifies; else null.</summary>
    internal static float[]? Rent(int length)
    {
        TensorScope? scope = current;
        if (scope is null || length < MinPooledLength) return null;
        float[] storage = StoragePool.Shared.Rent(length, out bool fresh);
        if (fresh) freshStorage++;
        lock (scope.gate) scope.owned[storage] = [];
        Owners[storage] = scope;
        return storage;
    }

    /// <summary>Records a new tensor that views pooled storage, so the scope can release it (called by every Tensor constructor).</summary>
    internal static void Track(Tensor tensor)
    {
        if (Volatile.Read(ref alive) == 0 || tensor.Storage.Length < MinPooledLength) return;
        if (!Owners.TryGetValue(tensor.Storage, out TensorScope? scope)) return;
        lock (scope.gate)
        {
            if (scope.owned.TryGetValue(tensor.Storage, out List<Tensor>? views)) views.Add(tensor);
        }
    }

    /// <summary>Takes <paramref name="tensor"/>'s storage out of the pool for good (parameters, buffers, gradients).</summary>
    internal static void Unpool(Tensor tensor)
    {
        if (Volatile.Read(ref alive) == 0) return;
        if (!Owners.TryRemove(tensor.Storage, out TensorScope? scope)) return;
        lock (scope.gate) scope.owned.Remove(tensor.Storage);
    }
}
