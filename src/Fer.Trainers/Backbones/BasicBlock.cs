using Fer.Tensors.Inference;
using Fer.Tensors;
using Fer.Tensors.Nn;

namespace Fer.Trainers.Backbones;

/// <summary>ResNet's basic block: two 3x3 conv-BN with a shortcut (torchvision names: conv1, bn1, conv2, bn2, downsample.0/1).</summary>
public sealed class BasicBlock : Module
{
    private readonly Conv2d conv1, conv2;
    private readonly BatchNorm2d bn1, bn2;
    private readonly Sequential? downsample;

    /// <summary>Creates a block from <paramref name="inChannels"/> to <paramref name="outChannels"/> with the given stride.</summary>
    public BasicBlock(int inChannels, int outChannels, int stride, Tensors.Random.Generator generator)
    {
        conv1 = RegisterModule("conv1", new Conv2d(inChannels, outChannels, 3, stride: stride, padding: 1, bias: false, generator: generator));
        bn1 = RegisterModule("bn1", new BatchNorm2d(outChannels));
        conv2 = RegisterModule("conv2", new Conv2d(outChannels, outChannels, 3, stride: 1, padding: 1, bias: false, generator: generator));
        bn2 = RegisterModule("bn2", new BatchNorm2d(outChannels));
        if (stride != 1 || inChannels != outChannels)
            downsample = RegisterModule("downsample", new Sequential(
                new Conv2d(inChannels, outChannels, 1, stride: stride, bias: false, generator: generator), new BatchNorm2d(outChannels)));
        Init.KaimingNormal(conv1.Weight, generator, mode: FanMode.FanOut, nonlinearity: Nonlinearity.Relu);
        Init.KaimingNormal(conv2.Weight, generator, mode: FanMode.FanOut, nonlinearity: Nonlinearity.Relu);
        if (downsample is not null) Init.KaimingNormal(((Conv2d)downsample[0]).Weight, generator, mode: FanMode.FanOut, nonlinearity: Nonlinearity.Relu);
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        Tensor y = Functional.Relu(bn1.Forward(conv1.Forward(input)));
        y = bn2.Forward(conv2.Forward(y));
        Tensor shortcut = downsample is null ? input : downsample.Forward(input);
        return Functional.Relu(y.Add(shortcut));
    }

    /// <inheritdoc />
    public override InferenceValue Describe(InferenceGraph graph, InferenceValue input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        InferenceValue y = graph.Relu(bn1.Describe(graph, conv1.Describe(graph, input)));
        y = bn2.Describe(graph, conv2.Describe(graph, y));
        InferenceValue shortcut = downsample is null ? input : downsample.Describe(graph, input);
        return graph.Relu(graph.Add(y, shortcut));
    }
}
