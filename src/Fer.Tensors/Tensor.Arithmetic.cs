using System.Numerics.Tensors;
using Fer.Tensors.Kernels.Elementwise;

namespace Fer.Tensors;

public sealed partial class Tensor
{
    /// <summary>this + other, broadcasting.</summary>
    public Tensor Add(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var y = BinaryKernel.Apply<AddOperator>(this, other);
        int[] sa = shape, sb = other.shape;
        return Record(y, "add", this, other, g => (g.SumTo(sa), g.SumTo(sb)));
    }

    /// <summary>this - other, broadcasting.</summary>
    public Tensor Sub(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var y = BinaryKernel.Apply<SubtractOperator>(this, other);
        int[] sa = shape, sb = other.shape;
        Tensor b = other;
        return Record(y, "sub", this, other, g => (g.SumTo(sa), b.RequiresGrad ? g.Neg().SumTo(sb) : null));
    }

    /// <summary>this * other (element-wise), broadcasting.</summary>
    public Tensor Mul(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var y = BinaryKernel.Apply<MultiplyOperator>(this, other);
        Tensor a = this, b = other;
        return Record(y, "mul", this, other, g => (
            a.RequiresGrad ? g.Mul(b).SumTo(a.shape) : null,
            b.RequiresGrad ? g.Mul(a).SumTo(b.shape) : null));
    }

    /// <summary>this / other (element-wise), broadcasting.</summary>
    public Tensor Div(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var y = BinaryKernel.Apply<DivideOperator>(this, other);
        Tensor a = this, b = other;
        return Record(y, "div", this, other, g => (
            a.RequiresGrad ? g.Div(b).SumTo(a.shape) : null,
            b.RequiresGrad ? g.Mul(y).Div(b).Neg().SumTo(b.shape) : null));
    }

    /// <summary>Element-wise maximum (gradient goes to the larger input; ties split evenly).</summary>
    public Tensor Maximum(Tensor other) => MinMax<MaximumOperator>(other, "maximum");

    /// <summary>Element-wise minimum (gradient goes to the smaller input; ties split evenly).</summary>
    public Tensor Minimum(Tensor other) => MinMax<MinimumOperator>(other, "minimum");

    private Tensor MinMax<TOp>(Tensor other, string name)
        where TOp : struct, IBinaryOperator
    {
        ArgumentNullException.ThrowIfNull(other);
        var y = BinaryKernel.Apply<TOp>(this, other);
        Tensor a = this, b = other;
        return Record(y, name, this, other, g =>
        {
            // mask_a = 1 where a wins, 0.5 on ties.
            Tensor eqA = BinaryKernel.Apply<EqualOperator>(a, y);
            Tensor eqB = BinaryKernel.Apply<EqualOperator>(b, y);
            Tensor share = eqA.Add(eqB);
            Tensor ga = g.Mul(eqA.Div(share.Maximum(Scalar(1f))));
            Tensor gb = g.Mul(eqB.Div(share.Maximum(Scalar(1f))));
            return (a.RequiresGrad ? ga.SumTo(a.shape) : null, b.RequiresGrad ? gb.SumTo(b.shape) : null);
        });
    }

    /// <summary>this raised to <paramref name="exponent"/> element-wise, broadcasting.</summary>
    public Tensor Pow(Tensor exponent)
    {
        ArgumentNullException.ThrowIfNull(exponent);
        var y = BinaryKernel.Apply<PowerOperator>(this, exponent);
        Tensor a = this, b = exponent;
        return Record(y, "pow", this, exponent, g => (
            a.RequiresGrad ? g.Mul(b).Mul(a.Pow(b.Sub(Scalar(1f)))).SumTo(a.shape) : null,
            b.RequiresGrad ? g.Mul(y).Mul(a.Log()).SumTo(b.shape) : null));
    }

    /// <summary>this + scalar.</summary>
    public Tensor Add(float value) => Record(BinaryKernel.Apply<AddOperator>(this, Scalar(value)), "add_scalar", this, g => g);

    /// <summary>this - scalar.</summary>
    public Tensor Sub(float value) => Add(-value);

    /// <summary>this * scalar.</summary>
    public Tensor Mul(float value) => Record(BinaryKernel.Apply<MultiplyOperator>(this, Scalar(value)), "mul_scalar", this, g => g.Mul(value));

    /// <summary>this / scalar.</summary>
    public Tensor Div(float value) => Mul(1f / value);

    /// <summary>this raised to a constant power.</summary>
    public Tensor Pow(float exponent)
    {
        if (exponent == 2f) return Square();
        if (exponent == 1f) return this;
        var y = BinaryKernel.Apply<PowerOperator>(this, Scalar(exponent));
        Tensor x = this;
        return Record(y, "pow_scalar", this, g => g.Mul(x.Pow(exponent - 1f)).Mul(exponent));
    }

    /// <summary>Element-wise square.</summary>
    public Tensor Square()
    {
        var y = UnaryKernel.Apply(this, static (s, d) => TensorPrimitives.Multiply(s, s, d));
        Tensor x = this;
        return Record(y, "square", this, g => g.Mul(x).Mul(2f));
    }

    /// <summary>-this.</summary>
    public Tensor Neg() => Record(UnaryKernel.Apply(this, static (s, d) => TensorPrimitives.Negate(s, d)), "neg", this, g => g.Neg());

    /// <summary>e^this.</summary>
    public Tensor Exp()
    {
        var y = UnaryKernel.Apply(this, static (s, d) => TensorPrimitives.Exp(s, d));
        return Record(y, "exp", this, g => g.Mul(y));
    }

    /// <summary>Natural logarithm.</summary>
    public Tensor Log()
    {
        var y = UnaryKernel.Apply(this, static (s, d) => TensorPrimitives.Log(s, d));
        Tensor x = this;
        return Record(y, "log", this, g => g.Div(x));
    }

    /// <summary>Square root.</summary>
    public Tensor Sqrt()
    {
        var y = UnaryKernel.Apply(this, static (s, d) => TensorPrimitives.Sqrt(s, d));
        return Record(y, "sqrt", this, g => g.Div(y).Mul(0.5f));
    }

    /// <summary>Absolute value (gradient sign(x), 0 at 0).</summary>
    public Tensor Abs()
    {
        var y = UnaryKernel.Apply(this, static (s, d) => TensorPrimitives.Abs(s, d));
        Tensor x = this;
        return Record(y, "abs", this, g => g.Mul(x.Sign()));
    }

    /// <summary>-1, 0 or 1 per element (no gradient).</summary>
    public Tensor Sign() => UnaryKernel.Apply(Detach(), static (s, d) =>
    {
        for (int i = 0; i < d.Length; i++) d[i] = s[i] > 0 ? 1f : s[i] < 0 ? -1f : 0f;
    });

    /// <summary>1/this.</summary>
    public Tensor Reciprocal()
    {
        var y = UnaryKernel.Apply(this, static (s, d) => TensorPrimitives.Reciprocal(s, d));
        return Record(y, "reciprocal", this, g => g.Mul(y).Mul(y).Neg());
    }

    /// <summary>Limits values to [min, max] (gradient 0 outside the range).</summary>
    public Tensor Clamp(float min = float.NegativeInfinity, float max = float.PositiveInfinity)
    {
        if (min > max) throw new ArgumentException($"Clamp: min {min} exceeds max {max}.");
        var y = UnaryKernel.Apply(this, (s, d) => TensorPrimitives.Clamp(s, min, max, d));
        Tensor x = this;
        return Record(y, "clamp", this, g => UnaryKernel.Apply(g, x, (gs, xs, d) =>
        {
            for (int i = 0; i < d.Length; i++) d[i] = xs[i] >= min && xs[i] <= max ? gs[i] : 0f;
        }));
    }

    /// <summary>1 where this &gt; other, else 0 (no gradient).</summary>
    public Tensor Greater(Tensor other) => BinaryKernel.Apply<GreaterOperator>(this, other);

    /// <summary>1 where this == other, else 0 (no gradient).</summary>
    public Tensor EqualTo(Tensor other) => BinaryKernel.Apply<EqualOperator>(this, other);

    /// <summary>Element-wise a + b.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => a.Add(b);

    /// <summary>Element-wise a - b.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => a.Sub(b);

    /// <summary>Element-wise a * b.</summary>
    public static Tensor operator *(Tensor a, Tensor b) => a.Mul(b);

    /// <summary>Element-wise a / b.</summary>
    public static Tensor operator /(Tensor a, Tensor b) => a.Div(b);

    /// <summary>a + s.</summary>
    public static Tensor operator +(Tensor a, float s) => a.Add(s);

    /// <summary>s + a.</summary>
    public static Tensor operator +(float s, Tensor a) => a.Add(s);

    /// <summary>a - s.</summary>
    public static Tensor operator -(Tensor a, float s) => a.Add(-s);

    /// <summary>s - a.</summary>
    public static Tensor operator -(float s, Tensor a) => a.Neg().Add(s);

    /// <summary>a * s.</summary>
    public static Tensor operator *(Tensor a, float s) => a.Mul(s);

    /// <summary>s * a.</summary>
    public static Tensor operator *(float s, Tensor a) => a.Mul(s);

    /// <summary>a / s.</summary>
    public static Tensor operator /(Tensor a, float s) => a.Div(s);

    /// <summary>s / a.</summary>
    public static Tensor operator /(float s, Tensor a) => a.Reciprocal().Mul(s);

    /// <summary>-a.</summary>
    public static Tensor operator -(Tensor a) => a.Neg();

    // ------------------------------------------------------------ in-place (no autograd)

    /// <summary>this += alpha * other, in place, without recording (gradient accumulation, optimizers).</summary>
    /// <exception cref="InvalidOperationException">The tensor takes part in a recorded graph while recording is on.</exception>
    public Tensor AddInPlace(Tensor other, float alpha = 1f)
    {
        ArgumentNullException.ThrowIfNull(other);
        CheckInPlace();
        if (IsContiguous && other.IsContiguous && other.ElementCount == ElementCount)
        {
            Span<float> d = AsSpan();
            ReadOnlySpan<float> s = other.Storage.AsSpan(other.Offset, other.ElementCount);
            if (alpha == 1f) TensorPrimitives.Add(d, s, d);
            else TensorPrimitives.MultiplyAdd(s, alpha, d, d);
            return this;
        }
        Tensor scaled = alpha == 1f ? other.Detach() : other.Detach().Mul(alpha);
        BinaryKernel.Apply<AddOperator>(Detach(), scaled, this);
        return this;
    }

    /// <summary>this *= value, in place, without recording.</summary>
    public Tensor MulInPlace(float value)
    {
        CheckInPlace();
        BinaryKernel.Apply<MultiplyOperator>(Detach(), Scalar(value), this);
        return this;
    }

    /// <summary>Sets every element to <paramref name="value"/>, in place.</summary>
    public Tensor FillInPlace(float value)
    {
        CheckInPlace();
        if (IsContiguous) AsSpan().Fill(value);
        else CopyFromNoGrad(Scalar(value));
        return this;
    }

    /// <summary>Copies <paramref name="source"/> (same or broadcastable shape) into this tensor, in place.</summary>
    public Tensor CopyInPlace(Tensor source)
    {
        ArgumentNullException.ThrowIfNull(source);
        CheckInPlace();
        ShapeUtilBroadcastCheck(source);
        CopyFromNoGrad(source);
        return this;
    }

    private void ShapeUtilBroadcastCheck(Tensor source)
    {
        int[] b = Internal.ShapeUtil.Broadcast(shape, source.shape);
        if (!b.AsSpan().SequenceEqual(shape))
            throw new ArgumentException($"Cannot copy a tensor of shape {FormatShape(source.shape)} into one of shape {FormatShape(shape)}.");
    }

    private void CheckInPlace()
    {
        if (Autograd.GradMode.IsEnabled && Node is not null)
            throw new InvalidOperationException("In-place update of a tensor produced by a recorded operation would corrupt its graph; use the out-of-place op or GradMode.NoGrad().");
    }
}
