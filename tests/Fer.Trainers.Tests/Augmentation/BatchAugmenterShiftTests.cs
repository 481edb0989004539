using Fer.Tensors;
using Fer.Trainers.Augmentation;

namespace Fer.Trainers.Tests.Augmentation;

/// <summary>The fixed shifted/mirrored view of pad-crop and flip: out[y, x] = in[y + dy, x' + dx], edges reflected.</summary>
public sealed class BatchAugmenterShiftTests
{
    // One 3x4 plane holding 10 * row + column, so every output names the pixel it came from.
    private static Tensor Plane() => Tensor.FromArray([0f, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23], 1, 1, 3, 4);

    [Fact]
    public void Shift_Zero_IsTheImage() =>
        BatchAugmenter.Shift(Plane(), 0, 0, mirror: false).ToArray().Should().Equal(Plane().ToArray());

    [Fact]
    public void Shift_ReflectsPastTheEdgesWithoutRepeatingThem()
    {
        // dx = 2, dy = -1: row -1 reflects to row 1; columns 4 and 5 reflect to 2 and 1.
        BatchAugmenter.Shift(Plane(), 2, -1, mirror: false).ToArray().Should().Equal(
            12, 13, 12, 11,
            2, 3, 2, 1,
            12, 13, 12, 11);
    }

    [Fact]
    public void Shift_Mirror_ReversesEachRowBeforeTheShift()
    {
        BatchAugmenter.Shift(Plane(), 0, 0, mirror: true).ToArray().Should().Equal(3, 2, 1, 0, 13, 12, 11, 10, 23, 22, 21, 20);
        // Mirrored column x' = 3 - x, then + 1: x = 0 reads column 4 -> 2.
        BatchAugmenter.Shift(Plane(), 1, 1, mirror: true).ToArray().Should().Equal(12, 13, 12, 11, 22, 23, 22, 21, 12, 13, 12, 11);
    }

    [Fact]
    public void Shift_NotABatch_NamesTheShape()
    {
        var act = () => BatchAugmenter.Shift(Tensor.Zeros(3, 4), 1, 1, mirror: false);
        act.Should().Throw<ArgumentException>().WithMessage("*[B, C, H, W]*");
    }
}
