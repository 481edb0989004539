using Fer.Tensors.Inference;
using Fer.Tensors;
using Fer.Tensors.Nn;
using Fer.Tensors.Random;

namespace Fer.Trainers.Backbones;

/// <summary>
/// A light MobileFaceNet-style backbone (Chen et al. 2018): a 3x3 stride-2 stem, a depthwise 3x3,
/// inverted-residual bottlenecks of depthwise-separable convolutions with PReLU, a 1x1 expansion to
/// 512 channels, a global depthwise (average) reduction and a linear embedding with batch norm.
/// <see cref="WidthMultiplier"/> scales the channels.
/// </summary>
public sealed class MobileFaceNet : Module, IBackbone
{
    private readonly Sequential body;
    private readonly Linear linear;
    private readonly BatchNorm1d bn;

    /// <summary>Creates the network.</summary>
    public MobileFaceNet(int inChannels = 3, int embeddingSize = 128, float widthMultiplier = 1f, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(embeddingSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(widthMultiplier);
        generator ??= Generator.Default;
        InChannels = inChannels;
        FeatureSize = embeddingSize;
        WidthMultiplier = widthMultiplier;
        int W(int c) => Math.Max(8, (int)Math.Round(c * widthMultiplier / 8) * 8);
        body = new Sequential();
        body.Append(ConvBnAct(inChannels, W(64), 3, 2, 1, generator));
        body.Append(ConvBnAct(W(64), W(64), 3, 1, W(64), generator));
        // (expansion, output channels, repeats, first stride), MobileFaceNet's table.
        (int T, int C, int N, int S)[] table = [(2, 64, 5, 2), (4, 128, 1, 2), (2, 128, 6, 1), (4, 128, 1, 2), (2, 128, 2, 1)];
        int c = W(64);
        foreach (var (t, oc, n, s) in table)
        {
            for (int i = 0; i < n; i++)
            {
                body.Append(new Bottleneck(c, W(oc), i == 0 ? s : 1, t, generator));
                c = W(oc);
            }
        }
        body.Append(ConvBnAct(c, 512, 1, 1, 1, generator));
        RegisterModule("body", body);
        linear = RegisterModule("linear", new Linear(512, embeddingSize, bias: false, generator: generator));
        bn = RegisterModule("bn", new BatchNorm1d(embeddingSize));
    }

    /// <inheritdoc />
    public int InChannels { get; }

    /// <inheritdoc />
    public int FeatureSize { get; }

    /// <summary>Channel scale.</summary>
    public float WidthMultiplier { get; }

    /// <inheritdoc />
    public Tensor ForwardFeatures(Tensor images)
    {
        ResNet.CheckInput(images, InChannels, nameof(MobileFaceNet));
        Tensor x = Functional.GlobalAvgPool2d(body.Forward(images)).Flatten(1);
        return bn.Forward(linear.Forward(x));
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => ForwardFeatures(input);

    /// <inheritdoc />
    public override InferenceValue Describe(InferenceGraph graph, InferenceValue input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        InferenceValue x = graph.Flatten(graph.AdaptiveAvgPool2d(body.Describe(graph, input), (1, 1)));
        return bn.Describe(graph, linear.Describe(graph, x));
    }

    private static Sequential ConvBnAct(int inC, int outC, int k, int stride, int groups, Generator g, bool act = true)
    {
        var conv = new Conv2d(inC, outC, k, stride: stride, padding: k / 2, groups: groups, bias: false, generator: g);
        Init.KaimingNormal(conv.Weight, g, mode: FanMode.FanOut, nonlinearity: Nonlinearity.Relu);
        var s = new Sequential(conv, new BatchNorm2d(outC));
        if (act) s.Append(new PReLU(outC));
        return s;
    }

    /// <summary>
    /// Inverted residual: 1x1 expand, 3x3 depthwise, 1x1 project (linear), shortcut when shapes agree.
    /// Public (read-only) so exporters can walk the network; built only by <see cref="MobileFaceNet"/>.
    /// </summary>
    public sealed class Bottleneck : Module
    {
        internal Bottleneck(int inC, int outC, int stride, int expansion, Generator g)
        {
            int mid = inC * expansion;
            Block = RegisterModule("block", new Sequential(
                ConvBnAct(inC, mid, 1, 1, 1, g),
                ConvBnAct(mid, mid, 3, stride, mid, g),
                ConvBnAct(mid, outC, 1, 1, 1, g, act: false)));
            HasShortcut = stride == 1 && inC == outC;
        }

        /// <summary>The expand, depthwise and project stages (each a Sequential of Conv2d, BatchNorm2d and, except the last, PReLU).</summary>
        public Sequential Block { get; }

        /// <summary>True when the input is added to the block's output (stride 1, same channels).</summary>
        public bool HasShortcut { get; }

        /// <inheritdoc />
        public override Tensor Forward(Tensor input)
        {
            Tensor y = Block.Forward(input);
            return HasShortcut ? y.Add(input) : y;
        }

        /// <inheritdoc />
        public override InferenceValue Describe(InferenceGraph graph, InferenceValue input)
        {
            ArgumentNullException.ThrowIfNull(graph);
            InferenceValue y = Block.Describe(graph, input);
            return HasShortcut ? graph.Add(y, input) : y;
        }
    }
}
