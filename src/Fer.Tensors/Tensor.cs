using System.Globalization;
using System.Text;
using Fer.Tensors.Autograd;

namespace Fer.Tensors;

/// <summary>
/// A float32 n-dimensional array with reverse-mode autograd. Storage is a flat array shared by
/// views (reshape, slice, transpose, permute, expand) that differ only in shape, strides and
/// offset. Operations return new tensors and never modify their inputs (methods ending in
/// <c>InPlace</c> are the documented exceptions, used by optimizers under <see cref="GradMode.NoGrad"/>).
/// </summary>
public sealed partial class Tensor
{
    // Not readonly: a TensorScope swaps in an empty array when it takes pooled storage back.
    internal float[] Storage;
    internal readonly int Offset;
    private readonly int[] shape;
    private readonly int[] strides;
    private bool requiresGrad;

    internal Tensor(float[] storage, int offset, int[] shape, int[] strides)
    {
        Storage = storage;
        Offset = offset;
        this.shape = shape;
        this.strides = strides;
        ElementCount = Internal.ShapeUtil.Product(shape);
        IsContiguous = Internal.ShapeUtil.IsContiguous(shape, strides);
        Memory.TensorScope.Track(this);
    }

    /// <summary>Wraps a row-major buffer without copying (the tensor owns <paramref name="storage"/> from now on).</summary>
    internal Tensor(float[] storage, int[] shape)
        : this(storage, 0, shape, Internal.ShapeUtil.ContiguousStrides(shape))
    {
        System.Diagnostics.Debug.Assert(storage.Length >= ElementCount);
    }

    /// <summary>The size of each dimension.</summary>
    public ReadOnlySpan<int> Shape => shape;

    /// <summary>The number of dimensions.</summary>
    public int Rank => shape.Length;

    /// <summary>The number of elements (the product of the shape; 1 for a scalar).</summary>
    public int ElementCount { get; }

    /// <summary>True when elements are laid out row-major without gaps (views may still share storage).</summary>
    public bool IsContiguous { get; }

    /// <summary>Where the tensor lives; always <see cref="Device.Cpu"/> in this build.</summary>
#pragma warning disable CA1822 // the seam for other devices
    public Device Device => Device.Cpu;
#pragma warning restore CA1822

    /// <summary>The step in elements between neighbours along each dimension.</summary>
    public ReadOnlySpan<int> Strides => strides;

    internal int[] ShapeArray => shape;

    internal int[] StrideArray => strides;

    /// <summary>Size of dimension <paramref name="dim"/> (negative counts from the end).</summary>
    public int Size(int dim) => shape[NormalizeDim(dim)];

    // ---------------------------------------------------------------- autograd state

    /// <summary>
    /// Whether gradients flow to this tensor. Settable on leaves only (tensors not produced by a
    /// recorded operation); results of recorded operations require grad when an input does.
    /// </summary>
    /// <exception cref="InvalidOperationException">Set on a non-leaf.</exception>
    public bool RequiresGrad
    {
        get => requiresGrad;
        set
        {
            if (Node is not null && !value)
                throw new InvalidOperationException("RequiresGrad can only be changed on leaf tensors; use Detach() to cut a result out of the graph.");
            requiresGrad = value;
        }
    }

    /// <summary>
    /// The accumulated gradient of a leaf after <see cref="Backward"/>, or null. A gradient assigned here
    /// leaves any <see cref="Memory.TensorScope"/> pool, since it outlives the step that made it.
    /// </summary>
    public Tensor? Grad
    {
        get => grad;
        set
        {
            if (value is not null) Memory.TensorScope.Unpool(value);
            grad = value;
        }
    }

    private Tensor? grad;

    /// <summary>True when the <see cref="Memory.TensorScope"/> that owned this tensor's storage has ended; its data is gone.</summary>
    public bool IsReleased { get; private set; }

    internal void ReleaseStorage()
    {
        Storage = [];
        IsReleased = true;
    }

    internal void ThrowIfReleased()
    {
        if (IsReleased)
            throw new ObjectDisposedException(nameof(Tensor), $"This tensor (shape {FormatShape(shape)}) used pooled storage of a TensorScope that has ended; call scope.Keep(tensor) for results that must outlive the scope.");
    }

    /// <summary>True for tensors created directly (not by a recorded operation).</summary>
    public bool IsLeaf => Node is null;

    /// <summary>The recorded operation that produced this tensor, or null for leaves.</summary>
    internal GradNode? Node { get; private set; }

    internal bool RetainsGrad { get; private set; }

    /// <summary>Keeps <see cref="Grad"/> for this non-leaf tensor during backward (PyTorch's retain_grad).</summary>
    public Tensor RetainGrad()
    {
        RetainsGrad = Node is not null;
        return this;
    }

    /// <summary>A tensor sharing this storage with no autograd history.</summary>
    public Tensor Detach() => new(Storage, Offset, shape, strides);

    /// <summary>
    /// Computes gradients of this tensor with respect to every leaf that requires grad and adds them
    /// to their <see cref="Grad"/>. A scalar root uses gradient 1. The graph is freed afterwards
    /// unless <paramref name="retainGraph"/> is true.
    /// </summary>
    /// <exception cref="InvalidOperationException">The tensor does not require grad, or is not a scalar and no gradient was given.</exception>
    public void Backward(Tensor? gradient = null, bool retainGraph = false)
    {
        if (!RequiresGrad)
            throw new InvalidOperationException("Backward called on a tensor that does not require grad (no input of its graph has RequiresGrad = true).");
        if (gradient is null)
        {
            if (ElementCount != 1)
                throw new InvalidOperationException($"Backward without a gradient needs a scalar output; this tensor has shape {FormatShape(shape)}.");
            gradient = Ones(shape);
        }
        else if (!gradient.ShapeEquals(this))
        {
            throw new ArgumentException($"Gradient shape {FormatShape(gradient.shape)} does not match tensor shape {FormatShape(shape)}.", nameof(gradient));
        }
        if (Node is null)
        {
            AccumulateGrad(gradient);
            return;
        }
        BackwardEngine.Run(this, gradient, retainGraph);
    }

    internal void AccumulateGrad(Tensor g)
    {
        if (Grad is null)
        {
            Grad = g.CloneData(pooled: false);
        }
        else
        {
            Grad.AddInPlace(g);
        }
    }

    /// <summary>
    /// Marks <paramref name="output"/> as produced by <paramref name="name"/> from <paramref name="inputs"/>
    /// when recording is on and any input requires grad. <paramref name="backward"/> maps the output
    /// gradient to one gradient per input (null where not needed).
    /// </summary>
    internal static Tensor Record(Tensor output, string name, Tensor[] inputs, Func<Tensor, Tensor?[]> backward)
    {
        if (Diagnostics.OpProfiler.Enabled) Diagnostics.OpProfiler.OnForward(name);
        if (!GradMode.IsEnabled) return output;
        bool any = false;
        foreach (Tensor t in inputs)
        {
            if (t.requiresGrad) { any = true; break; }
        }
        if (!any) return output;
        output.Node = new GradNode(name, inputs, backward);
        output.requiresGrad = true;
        return output;
    }

    internal static Tensor Record(Tensor output, string name, Tensor input, Func<Tensor, Tensor?> backward)
        => Record(output, name, [input], g => [backward(g)]);

    internal static Tensor Record(Tensor output, string name, Tensor a, Tensor b, Func<Tensor, (Tensor? A, Tensor? B)> backward)
        => Record(output, name, [a, b], g =>
        {
            var (ga, gb) = backward(g);
            return [ga, gb];
        });

    // ---------------------------------------------------------------- element access

    /// <summary>The elements in row-major order as a span over the storage (no copy).</summary>
    /// <exception cref="InvalidOperationException">The tensor is not contiguous; call <see cref="Contiguous"/> first.</exception>
    public Span<float> AsSpan()
    {
        ThrowIfReleased();
        if (!IsContiguous)
            throw new InvalidOperationException($"AsSpan needs a contiguous tensor (shape {FormatShape(shape)}, strides {FormatShape(strides)}); call Contiguous() first.");
        return Storage.AsSpan(Offset, ElementCount);
    }

    /// <summary>Read-only view of the elements in row-major order (contiguous tensors only).</summary>
    public ReadOnlySpan<float> AsReadOnlySpan() => AsSpan();

    /// <summary>Copies the elements in row-major order into a new array.</summary>
    public float[] ToArray()
    {
        ThrowIfReleased();
        if (IsContiguous) return Storage.AsSpan(Offset, ElementCount).ToArray();
        return Contiguous().ToArray();
    }

    /// <summary>The value of a one-element tensor.</summary>
    /// <exception cref="InvalidOperationException">The tensor has more than one element.</exception>
    public float Item()
    {
        ThrowIfReleased();
        if (ElementCount != 1)
            throw new InvalidOperationException($"Item() needs a one-element tensor; this one has shape {FormatShape(shape)}.");
        return Storage[Offset];
    }

    /// <summary>Element at the given indices (one per dimension; negative counts from the end). Slow; for tests and small lookups.</summary>
    [System.Runtime.CompilerServices.IndexerName("Element")]
    public float this[params int[] indices]
    {
        get => Storage[ElementOffset(indices)];
        set => Storage[ElementOffset(indices)] = value;
    }

    private int ElementOffset(int[] indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        ThrowIfReleased();
        if (indices.Length != shape.Length)
            throw new ArgumentException($"Expected {shape.Length} indices for shape {FormatShape(shape)}, got {indices.Length}.", nameof(indices));
        int off = Offset;
        for (int d = 0; d < shape.Length; d++)
        {
            int i = indices[d] < 0 ? indices[d] + shape[d] : indices[d];
            if ((uint)i >= (uint)shape[d])
                throw new IndexOutOfRangeException($"Index {indices[d]} is out of range for dimension {d} of size {shape[d]}.");
            off += i * strides[d];
        }
        return off;
    }

    internal bool ShapeEquals(Tensor other) => shape.AsSpan().SequenceEqual(other.shape);

    internal bool ShapeEquals(ReadOnlySpan<int> other) => shape.AsSpan().SequenceEqual(other);

    internal int NormalizeDim(int dim) => Internal.ShapeUtil.NormalizeDim(dim, shape.Length);

    /// <summary>Formats a shape as PyTorch prints it: [2, 3, 4].</summary>
    public static string FormatShape(ReadOnlySpan<int> shape)
    {
        var sb = new StringBuilder("[");
        for (int i = 0; i < shape.Length; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(shape[i].ToString(CultureInfo.InvariantCulture));
        }
        return sb.Append(']').ToString();
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append("Tensor").Append(FormatShape(shape));
        if (RequiresGrad) sb.Append(Node is null ? " requires_grad" : $" grad_fn={Node.Name}");
        if (ElementCount <= 16)
        {
            sb.Append(" {");
            float[] values = ToArray();
            for (int i = 0; i < values.Length; i++)
            {
                if (i > 0) sb.Append(", ");
                sb.Append(values[i].ToString("G6", CultureInfo.InvariantCulture));
            }
            sb.Append('}');
        }
        return sb.ToString();
    }
}
