using Fer.Tensors.Inference;
using Fer.Tensors;
using Fer.Tensors.Nn;
using Fer.Tensors.Random;

namespace Fer.Trainers.Backbones;

/// <summary>
/// ResNet-18 (torchvision's layout and parameter names: conv1, bn1, layer1..layer4 of two
/// <see cref="BasicBlock"/>s each) as a backbone: global-average-pooled features of
/// 8 x <see cref="BaseWidth"/> channels. The stem is torchvision's (7x7 stride 2 + max-pool) or, for
/// small inputs such as 48x48 faces, a 3x3 stride-1 stem without max-pool (<see cref="SmallInputStem"/>).
/// Prefix "fc" of torchvision's classifier belongs to the head (see <see cref="Heads.LinearHead"/>).
/// </summary>
public sealed class ResNet : Module, IBackbone
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Sequential layer1, layer2, layer3, layer4;

    /// <summary>Creates the network.</summary>
    /// <param name="inChannels">1 (grey) or 3 (RGB).</param>
    /// <param name="baseWidth">Channels of the first stage (64 in torchvision; 32 halves the cost).</param>
    /// <param name="smallInputStem">3x3 stride-1 stem without max-pool, for inputs below about 96 pixels.</param>
    /// <param name="generator">Initialisation generator.</param>
    public ResNet(int inChannels = 3, int baseWidth = 64, bool smallInputStem = false, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(baseWidth);
        generator ??= Generator.Default;
        InChannels = inChannels;
        BaseWidth = baseWidth;
        SmallInputStem = smallInputStem;
        conv1 = RegisterModule("conv1", smallInputStem
            ? new Conv2d(inChannels, baseWidth, 3, stride: 1, padding: 1, bias: false, generator: generator)
            : new Conv2d(inChannels, baseWidth, 7, stride: 2, padding: 3, bias: false, generator: generator));
        Init.KaimingNormal(conv1.Weight, generator, mode: FanMode.FanOut, nonlinearity: Nonlinearity.Relu);
        bn1 = RegisterModule("bn1", new BatchNorm2d(baseWidth));
        layer1 = RegisterModule("layer1", Stage(baseWidth, baseWidth, 1, generator));
        layer2 = RegisterModule("layer2", Stage(baseWidth, baseWidth * 2, 2, generator));
        layer3 = RegisterModule("layer3", Stage(baseWidth * 2, baseWidth * 4, 2, generator));
        layer4 = RegisterModule("layer4", Stage(baseWidth * 4, baseWidth * 8, 2, generator));
    }

    /// <inheritdoc />
    public int InChannels { get; }

    /// <summary>Channels of the first stage.</summary>
    public int BaseWidth { get; }

    /// <summary>True for the 3x3 stride-1 stem without max-pool.</summary>
    public bool SmallInputStem { get; }

    /// <inheritdoc />
    public int FeatureSize => BaseWidth * 8;

    /// <inheritdoc />
    public Tensor ForwardFeatures(Tensor images)
    {
        CheckInput(images, InChannels, nameof(ResNet));
        Tensor x = Functional.Relu(bn1.Forward(conv1.Forward(images)));
        if (!SmallInputStem) x = Functional.MaxPool2d(x, 3, stride: 2, padding: 1);
        x = layer4.Forward(layer3.Forward(layer2.Forward(layer1.Forward(x))));
        return Functional.GlobalAvgPool2d(x).Flatten(1);
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => ForwardFeatures(input);

    /// <inheritdoc />
    public override InferenceValue Describe(InferenceGraph graph, InferenceValue input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        InferenceValue x = graph.Relu(bn1.Describe(graph, conv1.Describe(graph, input)));
        if (!SmallInputStem) x = graph.MaxPool2d(x, (3, 3), (2, 2), (1, 1));
        x = layer4.Describe(graph, layer3.Describe(graph, layer2.Describe(graph, layer1.Describe(graph, x))));
        return graph.Flatten(graph.AdaptiveAvgPool2d(x, (1, 1)));
    }

    internal static void CheckInput(Tensor images, int channels, string name)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Rank != 4 || images.Size(1) != channels)
            throw new ArgumentException($"{name} expects images [N, {channels}, H, W]; got {Tensor.FormatShape(images.Shape)}.", nameof(images));
    }

    private static Sequential Stage(int inChannels, int outChannels, int stride, Generator generator)
        => new(new BasicBlock(inChannels, outChannels, stride, generator), new BasicBlock(outChannels, outChannels, 1, generator));
}
