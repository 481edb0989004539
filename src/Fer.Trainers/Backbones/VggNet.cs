using Fer.Tensors.Inference;
using Fer.Tensors;
using Fer.Tensors.Nn;
using Fer.Tensors.Random;

namespace Fer.Trainers.Backbones;

/// <summary>
/// The VGG-style FER network: blocks of <see cref="ConvsPerBlock"/> 3x3 conv-BN-ReLU, each block
/// ending in a 2x2 max-pool ("features"), an adaptive average pool to 3x3 (the identity for 48x48
/// input with four blocks), then dropout, a fully connected layer to <see cref="FeatureSize"/> and
/// ReLU ("embedding"). With channels 32/64/128/256 and 48x48 grey input this is the body of the
/// issue's parity recipe (FC 2304 -> 256); the class layer is a separate head.
/// </summary>
public sealed class VggNet : Module, IBackbone
{
    private readonly Sequential features;
    private readonly Sequential embedding;

    /// <summary>Creates the network.</summary>
    public VggNet(int inChannels = 1, int[]? channels = null, int convsPerBlock = 2, int hidden = 256, float dropout = 0.3f, Generator? generator = null)
    {
        channels ??= [32, 64, 128, 256];
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(convsPerBlock);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hidden);
        if (channels.Length == 0 || channels.Any(c => c <= 0)) throw new ArgumentException("channels must be positive, one per block.", nameof(channels));
        generator ??= Generator.Default;
        InChannels = inChannels;
        Channels = [.. channels];
        ConvsPerBlock = convsPerBlock;
        FeatureSize = hidden;
        DropoutRate = dropout;
        features = new Sequential();
        int c = inChannels;
        foreach (int outC in channels)
        {
            for (int i = 0; i < convsPerBlock; i++)
            {
                var conv = new Conv2d(c, outC, 3, padding: 1, generator: generator);
                Init.KaimingNormal(conv.Weight, generator, mode: FanMode.FanOut, nonlinearity: Nonlinearity.Relu);
                features.Append(conv).Append(new BatchNorm2d(outC)).Append(new ReLU());
                c = outC;
            }
            features.Append(new MaxPool2d(2));
        }
        RegisterModule("features", features);
        embedding = RegisterModule("embedding", new Sequential(
            new Dropout(dropout), new Linear(c * 9, hidden, generator: generator), new ReLU()));
    }

    /// <inheritdoc />
    public int InChannels { get; }

    /// <summary>Channels of each block.</summary>
    public IReadOnlyList<int> Channels { get; }

    /// <summary>Convolutions per block.</summary>
    public int ConvsPerBlock { get; }

    /// <summary>Dropout before the hidden layer (also applied by heads built for this backbone).</summary>
    public float DropoutRate { get; }

    /// <inheritdoc />
    public int FeatureSize { get; }

    /// <summary>The dropout modules, so a trainer can seed them per step.</summary>
    public IEnumerable<Dropout> DropoutLayers => NamedModules().Select(m => m.Module).OfType<Dropout>();

    /// <inheritdoc />
    public Tensor ForwardFeatures(Tensor images)
    {
        ResNet.CheckInput(images, InChannels, nameof(VggNet));
        Tensor x = features.Forward(images);
        x = Functional.AdaptiveAvgPool2d(x, (3, 3)).Flatten(1);
        return embedding.Forward(x);
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => ForwardFeatures(input);

    /// <inheritdoc />
    public override InferenceValue Describe(InferenceGraph graph, InferenceValue input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        InferenceValue x = features.Describe(graph, input);
        return embedding.Describe(graph, graph.Flatten(graph.AdaptiveAvgPool2d(x, (3, 3))));
    }
}
