namespace Fer.Tensors.Kernels.Blocked;

/// <summary>Per-channel rectifier slopes (PReLU) padded with zeros to whole channel blocks, as the blocked kernels read them.</summary>
internal static class ChannelSlopes
{
    /// <summary>A pinned copy of <paramref name="perChannel"/> zero-padded to <paramref name="paddedLength"/> floats, or null when it is empty (one slope for all).</summary>
    /// <exception cref="ArgumentException">The slope count differs from <paramref name="channels"/>.</exception>
    public static float[]? Pad(ReadOnlySpan<float> perChannel, int channels, int paddedLength)
    {
        if (perChannel.IsEmpty) return null;
        if (perChannel.Length != channels) throw new ArgumentException($"{perChannel.Length} slopes for {channels} channels.", nameof(perChannel));
        float[] s = GC.AllocateArray<float>(paddedLength, pinned: true);
        perChannel.CopyTo(s);
        return s;
    }
}
