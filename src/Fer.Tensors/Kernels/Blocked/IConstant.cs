namespace Fer.Tensors.Kernels.Blocked;

/// <summary>An integer known to the JIT (a stride, a number of channel blocks), so kernels specialise on it.</summary>
internal interface IConstant
{
    static abstract int Value { get; }
}

internal readonly struct One : IConstant
{
    public static int Value => 1;
}

internal readonly struct Two : IConstant
{
    public static int Value => 2;
}
