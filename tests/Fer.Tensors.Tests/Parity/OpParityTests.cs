using Fer.Tensors.Nn;
using NnLosses = Fer.Tensors.Nn.Losses;
using Xunit.Abstractions;

namespace Fer.Tensors.Tests.Parity;

/// <summary>Forward and backward of each op against PyTorch 1.13 on the same random inputs (tools/make_torch_reference.py).</summary>
public class OpParityTests(ITestOutputHelper output)
{
    public static TheoryData<string> Cases => new()
    {
        "conv2d_basic", "conv2d_stride2_dil2", "conv2d_groups2", "conv2d_depthwise_mult2", "conv2d_tf_same_s2", "conv_transpose2d",
        "max_pool2d_ceil", "avg_pool2d_nopad_count", "adaptive_avg_pool2d", "upsample_nearest", "upsample_bilinear",
        "linear", "matmul_batched", "batch_norm2d_train", "batch_norm2d_eval", "batch_norm1d_train", "layer_norm",
        "relu", "leaky_relu", "elu", "sigmoid", "tanh", "gelu", "softplus", "softmax", "log_softmax",
        "cross_entropy", "cross_entropy_weighted_smoothed", "cross_entropy_probs", "nll", "bce_with_logits",
        "mse", "l1", "smooth_l1", "kl_div_batchmean", "triplet_margin", "ccc",
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Op_MatchesPyTorch(string name)
    {
        double worst = TorchReference.Run(name, Build(name));
        output.WriteLine($"{name}: max relative error {worst:E2}");
        worst.Should().BeLessThanOrEqualTo(1e-4);
    }

    [Fact]
    public void BatchNorm2dTrain_RunningStatisticsUpdate_MatchesPyTorch()
    {
        Tensor mean = TorchReference.Get("batch_norm2d_train/running_mean_before");
        Tensor var = TorchReference.Get("batch_norm2d_train/running_var_before");
        Functional.BatchNorm(TorchReference.Get("batch_norm2d_train/x0"), mean, var, training: true, momentum: 0.1f, eps: 1e-5f);
        TorchReference.Check(TorchReference.Get("batch_norm2d_train/running_mean_after"), mean, "running_mean").Should().BeLessThanOrEqualTo(1e-4);
        TorchReference.Check(TorchReference.Get("batch_norm2d_train/running_var_after"), var, "running_var").Should().BeLessThanOrEqualTo(1e-4);
    }

    private static Func<Tensor[], Tensor> Build(string name)
    {
        int[] targets = TorchReference.Indices("targets");
        Tensor weights = TorchReference.Get("class_weights");
        return name switch
        {
            "conv2d_basic" => x => Functional.Conv2d(x[0], x[1], x[2], padding: Conv2dPadding.Symmetric(1)),
            "conv2d_stride2_dil2" => x => Functional.Conv2d(x[0], x[1], x[2], stride: (2, 2), padding: Conv2dPadding.Symmetric(2), dilation: (2, 2)),
            "conv2d_groups2" => x => Functional.Conv2d(x[0], x[1], null, padding: Conv2dPadding.Symmetric(1, 0), groups: 2),
            "conv2d_depthwise_mult2" => x => Functional.Conv2d(x[0], x[1], x[2], stride: (2, 2), padding: Conv2dPadding.Symmetric(1), groups: 3),
            // PyTorch reference pads (0, 1, 0, 1) by hand: TensorFlow 'same' with stride 2 on an even size.
            "conv2d_tf_same_s2" => x => Functional.Conv2d(x[0], x[1], x[2], stride: (2, 2), padding: Conv2dPadding.Same),
            "conv_transpose2d" => x => Functional.ConvTranspose2d(x[0], x[1], x[2], stride: (2, 2), padding: (1, 1), outputPadding: (1, 1)),
            "max_pool2d_ceil" => x => Functional.MaxPool2d(x[0], 3, stride: 2, padding: 1, ceilMode: true),
            "avg_pool2d_nopad_count" => x => Functional.AvgPool2d(x[0], 3, stride: 2, padding: 1, countIncludePad: false),
            "adaptive_avg_pool2d" => x => Functional.AdaptiveAvgPool2d(x[0], (3, 2)),
            "upsample_nearest" => x => Functional.Upsample(x[0], 2.0, UpsampleMode.Nearest),
            "upsample_bilinear" => x => Functional.Upsample(x[0], size: (7, 5), mode: UpsampleMode.Bilinear),
            "linear" => x => Tensor.Linear(x[0], x[1], x[2]),
            "matmul_batched" => x => x[0].MatMul(x[1]),
            "batch_norm2d_train" => x => Functional.BatchNorm(x[0], TorchReference.Get("batch_norm2d_train/running_mean_before"),
                TorchReference.Get("batch_norm2d_train/running_var_before"), x[1], x[2], training: true, momentum: 0.1f, eps: 1e-5f),
            "batch_norm2d_eval" => x => Functional.BatchNorm(x[0], TorchReference.Get("batch_norm2d_eval/running_mean"),
                TorchReference.Get("batch_norm2d_eval/running_var"), x[1], x[2], training: false, eps: 1e-5f),
            "batch_norm1d_train" => x => Functional.BatchNorm(x[0], null, null, x[1], x[2], training: true, eps: 1e-5f),
            "layer_norm" => x => Functional.LayerNorm(x[0], [4, 5], x[1], x[2], 1e-5f),
            "relu" => x => Functional.Relu(x[0]),
            "leaky_relu" => x => Functional.LeakyRelu(x[0], 0.1f),
            "elu" => x => Functional.Elu(x[0], 1f),
            "sigmoid" => x => Functional.Sigmoid(x[0]),
            "tanh" => x => Functional.Tanh(x[0]),
            "gelu" => x => Functional.Gelu(x[0]),
            "softplus" => x => Functional.Softplus(x[0], 2f, 3f),
            "softmax" => x => Functional.Softmax(x[0], 1),
            "log_softmax" => x => Functional.LogSoftmax(x[0], -1),
            "cross_entropy" => x => NnLosses.CrossEntropy(x[0], targets),
            "cross_entropy_weighted_smoothed" => x => NnLosses.CrossEntropy(x[0], targets, weights, 0.1f),
            "cross_entropy_probs" => x => NnLosses.CrossEntropy(x[0], x[1]),
            "nll" => x => NnLosses.Nll(Functional.LogSoftmax(x[0], 1), targets, weights),
            "bce_with_logits" => x => NnLosses.BinaryCrossEntropyWithLogits(x[0], x[1], posWeight: Tensor.FromArray(2f, 0.5f, 1f)),
            "mse" => x => NnLosses.Mse(x[0], x[1]),
            "l1" => x => NnLosses.L1(x[0], x[1]),
            "smooth_l1" => x => NnLosses.SmoothL1(x[0], x[1], 0.5f),
            "kl_div_batchmean" => x => NnLosses.KlDivergence(x[0], x[1], Reduction.BatchMean),
            "triplet_margin" => x => NnLosses.TripletMargin(x[0], x[1], x[2], 1f, 2f, swap: true),
            "ccc" => x => NnLosses.ConcordanceCorrelation(x[0], x[1], eps: 0f),
            _ => throw new ArgumentException(name),
        };
    }
}
