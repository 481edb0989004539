using Fer.Tensors;
using Fer.Tensors.Inference;
using Fer.Tensors.Nn;

namespace Fer.Transforms.Faces;

/// <summary>
/// face-api's FaceFeatureExtractor (four dense blocks of four convolutions, 32-64-128-256 channels,
/// 112 to 7x7, average pool to 256 features) or TinyFaceFeatureExtractor (three blocks of three,
/// 32-64-128 channels, 112 to 14x14, pool to 128 features).
/// </summary>
internal sealed class FaceFeatureExtractor
{
    private readonly DenseBlock[] blocks;

    private FaceFeatureExtractor(DenseBlock[] blocks, int features, int poolSize)
    {
        this.blocks = blocks;
        FeatureCount = features;
        PoolSize = poolSize;
    }

    /// <summary>The length of the feature vector.</summary>
    internal int FeatureCount { get; }

    /// <summary>The spatial size before pooling for a 112x112 input.</summary>
    internal int PoolSize { get; }

    /// <summary>The dense blocks in order.</summary>
    internal IReadOnlyList<DenseBlock> Blocks => blocks;

    internal static FaceFeatureExtractor Full(FaceApiWeights w)
    {
        int[] channels = [3, 32, 64, 128, 256];
        var blocks = new DenseBlock[4];
        for (int i = 0; i < 4; i++) blocks[i] = new DenseBlock(w, $"dense{i}", channels[i], channels[i + 1], 4, i == 0);
        return new FaceFeatureExtractor(blocks, 256, 7);
    }

    internal static FaceFeatureExtractor Tiny(FaceApiWeights w)
    {
        int[] channels = [3, 32, 64, 128];
        var blocks = new DenseBlock[3];
        for (int i = 0; i < 3; i++) blocks[i] = new DenseBlock(w, $"dense{i}", channels[i], channels[i + 1], 3, i == 0);
        return new FaceFeatureExtractor(blocks, 128, 14);
    }

    /// <summary>Features [N, FeatureCount] of a normalised batch [N, 3, 112, 112].</summary>
    internal InferenceValue Describe(InferenceGraph graph, InferenceValue x)
    {
        foreach (DenseBlock block in blocks) x = block.Describe(graph, x);
        return graph.Flatten(graph.AvgPool2d(x, (PoolSize, PoolSize), (2, 2)));
    }

    internal Tensor Forward(Tensor x)
    {
        foreach (DenseBlock block in blocks) x = block.Forward(x);
        // face-api pools with a PoolSize window and stride 2, 'valid': one window over the whole map.
        return Functional.AvgPool2d(x, PoolSize, 2).Flatten(1);
    }
}
