using Fer.MLNet.Onnx.Export;
using Fer.Tensors;
using A = Fer.MLNet.Onnx.Export.OnnxAttribute;

namespace Fer.MLNet.Tests.Onnx.Support;

/// <summary>
/// Single-operator (or short-chain) models covering the attribute combinations PyTorch does not
/// export: auto_pad modes, asymmetric pads, count_include_pad, Resize coordinate and nearest modes,
/// Pad modes, Softmax before and after opset 13, attribute vs input forms.
/// </summary>
public static class OpZoo
{
    private static readonly Lazy<IReadOnlyList<ZooCase>> AllCases = new(Create);

    public static IReadOnlyList<ZooCase> Cases => AllCases.Value;

    public static IEnumerable<object[]> Names() => Cases.Select(c => new object[] { c.Name });

    private static Tensor W(int seed, params int[] shape) => Tensor.Uniform(new Fer.Tensors.Random.Generator((ulong)seed), -1f, 1f, shape);

    private static string Init(OnnxGraphBuilder b, Tensor t) => b.AddInitializer(b.UniqueName("w"), t);

    private static string Ints(OnnxGraphBuilder b, params long[] v) => b.AddInitializer(b.UniqueName("i"), v, v.Length);

    private static string Scalar(OnnxGraphBuilder b, float v) => b.AddInitializer(b.UniqueName("s"), Tensor.Scalar(v));

    private static string Floats(OnnxGraphBuilder b, params float[] v) => b.AddInitializer(b.UniqueName("f"), Tensor.FromArray(v));

    private static IReadOnlyList<ZooCase> Create()
    {
        var c = new List<ZooCase>();
        int[] x4 = [2, 3, 9, 8];

        // Conv: asymmetric pads, auto_pad modes, groups, dilation, 1-D, no bias.
        c.Add(ZooCase.OpWith("conv_asym_pads", 13, "Conv", [x4], b => [Init(b, W(1, 4, 3, 3, 3)), Init(b, W(2, 4))], A.Ints("pads", 0, 1, 2, 1)));
        c.Add(ZooCase.OpWith("conv_same_upper_s2", 13, "Conv", [x4], b => [Init(b, W(3, 4, 3, 3, 2))], A.String("auto_pad", "SAME_UPPER"), A.Ints("strides", 2, 2)));
        c.Add(ZooCase.OpWith("conv_same_lower_s2", 11, "Conv", [x4], b => [Init(b, W(4, 4, 3, 4, 3)), Init(b, W(5, 4))], A.String("auto_pad", "SAME_LOWER"), A.Ints("strides", 2, 3)));
        c.Add(ZooCase.OpWith("conv_valid_dilated", 13, "Conv", [x4], b => [Init(b, W(6, 5, 3, 3, 3))], A.String("auto_pad", "VALID"), A.Ints("dilations", 2, 1)));
        c.Add(ZooCase.OpWith("conv_group3_kernel_shape", 9, "Conv", [[1, 6, 7, 7]], b => [Init(b, W(7, 6, 2, 3, 3)), Init(b, W(8, 6))], A.Int("group", 3), A.Ints("kernel_shape", 3, 3), A.Ints("pads", 1, 1, 1, 1)));
        c.Add(ZooCase.OpWith("conv_1d", 13, "Conv", [[2, 3, 11]], b => [Init(b, W(9, 4, 3, 3)), Init(b, W(10, 4))], A.Ints("pads", 2, 0), A.Ints("strides", 2)));
        c.Add(ZooCase.Op("conv_weight_as_input", 13, "Conv", [[1, 2, 6, 6], [3, 2, 3, 3]]));

        // ConvTranspose: asymmetric pads, output_shape, auto_pad, output_padding, groups, 1-D.
        c.Add(ZooCase.OpWith("convt_asym_pads", 13, "ConvTranspose", [[1, 4, 5, 4]], b => [Init(b, W(11, 4, 3, 3, 3)), Init(b, W(12, 3))], A.Ints("strides", 2, 2), A.Ints("pads", 1, 0, 0, 2)));
        c.Add(ZooCase.OpWith("convt_output_shape", 13, "ConvTranspose", [[1, 2, 4, 4]], b => [Init(b, W(13, 2, 3, 3, 3))], A.Ints("strides", 2, 2), A.Ints("output_shape", 9, 8)));
        c.Add(ZooCase.OpWith("convt_same_upper", 13, "ConvTranspose", [[1, 2, 4, 5]], b => [Init(b, W(14, 2, 2, 3, 3))], A.Ints("strides", 2, 2), A.String("auto_pad", "SAME_UPPER")));
        c.Add(ZooCase.OpWith("convt_group_outpad_dil", 13, "ConvTranspose", [[2, 4, 3, 4]], b => [Init(b, W(15, 4, 3, 2, 3)), Init(b, W(16, 6))], A.Int("group", 2), A.Ints("strides", 3, 2), A.Ints("output_padding", 1, 1), A.Ints("dilations", 1, 2)));
        c.Add(ZooCase.OpWith("convt_1d", 13, "ConvTranspose", [[1, 2, 6]], b => [Init(b, W(17, 2, 3, 4))], A.Ints("strides", 2), A.Ints("pads", 1, 2)));

        // Pooling.
        c.Add(ZooCase.Op("maxpool_same_upper", 13, "MaxPool", [x4], A.Ints("kernel_shape", 3, 2), A.Ints("strides", 2, 2), A.String("auto_pad", "SAME_UPPER")));
        c.Add(ZooCase.Op("maxpool_same_lower", 13, "MaxPool", [x4], A.Ints("kernel_shape", 2, 3), A.Ints("strides", 2, 2), A.String("auto_pad", "SAME_LOWER")));
        c.Add(ZooCase.Op("maxpool_valid", 13, "MaxPool", [x4], A.Ints("kernel_shape", 3, 3), A.Ints("strides", 2, 1), A.String("auto_pad", "VALID")));
        c.Add(ZooCase.Op("maxpool_asym_ceil_dil", 12, "MaxPool", [x4], A.Ints("kernel_shape", 2, 3), A.Ints("strides", 2, 2), A.Ints("pads", 1, 0, 0, 2), A.Int("ceil_mode", 1), A.Ints("dilations", 2, 1)));
        c.Add(ZooCase.Op("maxpool_1d", 13, "MaxPool", [[2, 3, 10]], A.Ints("kernel_shape", 3), A.Ints("strides", 2), A.Ints("pads", 1, 1)));
        c.Add(ZooCase.Op("avgpool_include_pad_asym", 13, "AveragePool", [x4], A.Ints("kernel_shape", 3, 3), A.Ints("strides", 2, 2), A.Ints("pads", 1, 0, 2, 1), A.Int("count_include_pad", 1)));
        c.Add(ZooCase.Op("avgpool_exclude_pad_asym", 13, "AveragePool", [x4], A.Ints("kernel_shape", 3, 3), A.Ints("strides", 2, 2), A.Ints("pads", 1, 0, 2, 1)));
        c.Add(ZooCase.Op("avgpool_ceil_include_pad", 13, "AveragePool", [x4], A.Ints("kernel_shape", 3, 3), A.Ints("strides", 2, 2), A.Ints("pads", 1, 1, 1, 1), A.Int("ceil_mode", 1), A.Int("count_include_pad", 1)));
        c.Add(ZooCase.Op("avgpool_same_upper_include", 13, "AveragePool", [x4], A.Ints("kernel_shape", 3, 2), A.Ints("strides", 2, 3), A.String("auto_pad", "SAME_UPPER"), A.Int("count_include_pad", 1)));
        c.Add(ZooCase.Op("avgpool_same_lower_exclude", 13, "AveragePool", [x4], A.Ints("kernel_shape", 2, 3), A.Ints("strides", 2, 2), A.String("auto_pad", "SAME_LOWER")));
        c.Add(ZooCase.Op("avgpool_opset7_legacy", 7, "AveragePool", [x4], A.Ints("kernel_shape", 2, 2), A.Ints("strides", 2, 2)));
        c.Add(ZooCase.Op("globalavgpool", 13, "GlobalAveragePool", [x4]));
        c.Add(ZooCase.Op("globalmaxpool_1d", 13, "GlobalMaxPool", [[2, 3, 7]]));

        // Normalisation and element-wise.
        c.Add(ZooCase.OpWith("batchnorm_3d_opset15", 15, "BatchNormalization", [[2, 4, 6]],
            b => [Init(b, W(20, 4).Add(1.5f)), Init(b, W(21, 4)), Init(b, W(22, 4)), Init(b, W(23, 4).Abs().Add(0.2f))], A.Float("epsilon", 1e-3f)));
        c.Add(ZooCase.OpWith("batchnorm_2d_opset9", 9, "BatchNormalization", [[3, 5]],
            b => [Init(b, W(24, 5)), Init(b, W(25, 5)), Init(b, W(26, 5)), Init(b, W(27, 5).Abs().Add(0.5f))]));
        c.Add(ZooCase.Op("add_broadcast", 13, "Add", [[2, 3, 4], [3, 1]]));
        c.Add(ZooCase.Op("sub_broadcast", 13, "Sub", [[4], [2, 3, 4]]));
        c.Add(ZooCase.Op("mul_broadcast", 7, "Mul", [[2, 1, 4], [3, 1]]));
        c.Add(ZooCase.Op("div_broadcast", 14, "Div", [[2, 3, 4], [1, 4]]));
        c.Add(ZooCase.Op("relu", 14, "Relu", [x4]));
        c.Add(ZooCase.Op("leakyrelu", 13, "LeakyRelu", [x4], A.Float("alpha", 0.3f)));
        c.Add(ZooCase.Op("sigmoid", 13, "Sigmoid", [x4]));
        c.Add(ZooCase.Op("tanh", 13, "Tanh", [x4]));
        c.Add(ZooCase.Op("clip_opset6_attrs", 7, "Clip", [x4], A.Float("min", -0.5f), A.Float("max", 1.2f)));
        c.Add(ZooCase.OpWith("clip_opset11_min_only", 11, "Clip", [x4], b => [Scalar(b, -0.7f)]));
        c.Add(ZooCase.OpWith("clip_opset13_max_only", 13, "Clip", [x4], b => ["", Scalar(b, 0.4f)]));
        c.Add(ZooCase.Op("dropout_opset7", 7, "Dropout", [x4], A.Float("ratio", 0.3f)));
        c.Add(ZooCase.OpWith("dropout_opset13_ratio", 13, "Dropout", [x4], b => [Scalar(b, 0.2f)]));
        c.Add(ZooCase.Op("identity", 13, "Identity", [x4]));

        // Matrix products.
        c.Add(ZooCase.OpWith("gemm_transB_bias_row", 13, "Gemm", [[3, 5]], b => [Init(b, W(30, 4, 5)), Init(b, W(31, 4))], A.Int("transB", 1)));
        c.Add(ZooCase.OpWith("gemm_transA_alpha_beta_col", 13, "Gemm", [[5, 3]], b => [Init(b, W(32, 5, 4)), Init(b, W(33, 3, 1))], A.Int("transA", 1), A.Float("alpha", 0.5f), A.Float("beta", 2f)));
        c.Add(ZooCase.OpWith("gemm_both_trans_scalar_c", 13, "Gemm", [[5, 3]], b => [Init(b, W(34, 4, 5)), Init(b, W(35, 1))], A.Int("transA", 1), A.Int("transB", 1)));
        c.Add(ZooCase.OpWith("gemm_no_c_opset11", 11, "Gemm", [[2, 6]], b => [Init(b, W(36, 6, 3))], A.Float("alpha", -1.5f)));
        c.Add(ZooCase.Op("gemm_inputs_full_c", 9, "Gemm", [[3, 4], [4, 2], [3, 2]], A.Float("beta", 0.25f)));
        c.Add(ZooCase.Op("matmul_batched_broadcast", 13, "MatMul", [[2, 1, 3, 4], [3, 4, 5]]));
        c.Add(ZooCase.Op("matmul_vector_left", 13, "MatMul", [[4], [2, 4, 3]]));
        c.Add(ZooCase.Op("matmul_vector_right", 13, "MatMul", [[2, 3, 4], [4]]));

        // Shape manipulation.
        c.Add(ZooCase.OpWith("reshape_zero_minus_one", 13, "Reshape", [[2, 3, 4, 5]], b => [Ints(b, 0, -1, 5)]));
        c.Add(ZooCase.OpWith("reshape_allowzero", 14, "Reshape", [[2, 3, 4]], b => [Ints(b, 4, 6)], A.Int("allowzero", 1)));
        c.Add(ZooCase.Op("flatten_axis0", 13, "Flatten", [x4], A.Int("axis", 0)));
        c.Add(ZooCase.Op("flatten_axis_neg1", 13, "Flatten", [x4], A.Int("axis", -1)));
        c.Add(ZooCase.Op("flatten_axis2_opset9", 9, "Flatten", [x4], A.Int("axis", 2)));
        c.Add(ZooCase.Op("transpose_default", 13, "Transpose", [[2, 3, 4]]));
        c.Add(ZooCase.Op("transpose_perm", 13, "Transpose", [x4], A.Ints("perm", 0, 2, 3, 1)));
        c.Add(ZooCase.Op("concat_neg_axis", 13, "Concat", [[2, 3, 1], [2, 3, 4], [2, 3, 2]], A.Int("axis", -1)));
        c.Add(ZooCase.Op("squeeze_attr_opset11", 11, "Squeeze", [[1, 3, 1, 4]], A.Ints("axes", 0, -2)));
        c.Add(ZooCase.Op("squeeze_all_opset13", 13, "Squeeze", [[1, 3, 1, 4]]));
        c.Add(ZooCase.OpWith("squeeze_input_opset13", 13, "Squeeze", [[1, 3, 1, 4]], b => [Ints(b, 2)]));
        c.Add(ZooCase.Op("unsqueeze_attr_opset9", 9, "Unsqueeze", [[3, 4]], A.Ints("axes", 0, 3)));
        c.Add(ZooCase.OpWith("unsqueeze_input_opset13", 13, "Unsqueeze", [[3, 4]], b => [Ints(b, -1, 1)]));
        c.Add(ZooCase.OpWith("gather_neg_indices_2d", 13, "Gather", [[5, 4, 3]], b => [b.AddInitializer("idx", [-1, 0, 2, -5, 3, 3], 2, 3)], A.Int("axis", 0)));
        c.Add(ZooCase.OpWith("gather_axis1_scalar", 13, "Gather", [[2, 5, 3]], b => [b.AddInitializer("idx", [3])], A.Int("axis", 1)));
        c.Add(ZooCase.OpWith("slice_neg_step", 13, "Slice", [[4, 6, 5]], b => [Ints(b, -1, 1), Ints(b, -100, 5), Ints(b, 1, 2), Ints(b, -2, 2)]));
        c.Add(ZooCase.Op("slice_attrs_opset9", 9, "Slice", [[4, 6]], A.Ints("starts", 1, -4), A.Ints("ends", 1000, -1)));

        // Shape arithmetic on int64 values feeding a float result.
        c.Add(ZooCase.Build("shape_chain_int64_opset15", 15, [[2, 3, 4, 5]], (b, x) =>
        {
            string shape = b.AddNode("Shape", [x[0]]);
            string batch = b.AddNode("Gather", [shape, b.AddInitializer("zero", [0])], A.Int("axis", 0));
            string rest = b.AddNode("Gather", [shape, Ints(b, 2, 3)]);
            string prod = b.AddNode("Mul", [b.AddNode("Unsqueeze", [batch, Ints(b, 0)]), Ints(b, 3)]);
            string target = b.AddNode("Concat", [prod, rest], A.Int("axis", 0));
            string reshaped = b.AddNode("Reshape", [x[0], target]);
            string zeros = b.AddNode("ConstantOfShape", [target], A.Tensor("value", OnnxGraphBuilder.FloatTensor(Tensor.FromArray(0.25f))));
            string count = b.AddNode("Cast", [b.AddNode("Div", [batch, b.AddInitializer("two", [2])])], A.Int("to", 1));
            string sizes = b.AddNode("Cast", [b.AddNode("Shape", [x[0]], A.Int("start", 1), A.Int("end", -1))], A.Int("to", 1));
            return [b.AddNode("Add", [b.AddNode("Mul", [reshaped, count]), zeros]), sizes];
        }));
        c.Add(ZooCase.Build("constants_opset13", 13, [[3]], (b, x) =>
        {
            string f = b.AddNode("Constant", [], A.Floats("value_floats", 1f, -2f, 3f));
            string i = b.AddNode("Cast", [b.AddNode("Constant", [], A.Int("value_int", 4))], A.Int("to", 1));
            string t = b.AddNode("Constant", [], A.Tensor("value", OnnxGraphBuilder.FloatTensor(Tensor.FromArray(0.5f, 1.5f, 2.5f))));
            return [b.AddNode("Add", [b.AddNode("Mul", [x[0], f]), b.AddNode("Mul", [t, i])])];
        }));

        // Softmax family: opset 11 coerces to 2-D at axis, opset 13 normalises along axis.
        c.Add(ZooCase.Op("softmax_opset11_axis1", 11, "Softmax", [x4], A.Int("axis", 1)));
        c.Add(ZooCase.Op("softmax_opset11_default", 11, "Softmax", [[2, 3, 4]]));
        c.Add(ZooCase.Op("softmax_opset13_axis1", 13, "Softmax", [x4], A.Int("axis", 1)));
        c.Add(ZooCase.Op("logsoftmax_opset13_default", 13, "LogSoftmax", [x4]));
        c.Add(ZooCase.Op("logsoftmax_opset9_axis2", 9, "LogSoftmax", [x4], A.Int("axis", 2)));

        // Pad modes and forms.
        c.Add(ZooCase.OpWith("pad_constant_neg", 13, "Pad", [x4], b => [Ints(b, 0, 1, 2, -1, 0, 0, -3, 2), Scalar(b, 0.75f)]));
        c.Add(ZooCase.OpWith("pad_reflect", 13, "Pad", [x4], b => [Ints(b, 0, 0, 2, 3, 0, 0, 1, 4)], A.String("mode", "reflect")));
        c.Add(ZooCase.OpWith("pad_edge", 11, "Pad", [x4], b => [Ints(b, 0, 1, 3, 0, 1, 0, 0, 5)], A.String("mode", "edge")));
        c.Add(ZooCase.Op("pad_attrs_opset2", 9, "Pad", [x4], A.Ints("pads", 0, 0, 1, 2, 0, 0, 2, 1), A.Float("value", -1f)));
        c.Add(ZooCase.OpWith("pad_axes_opset18", 18, "Pad", [x4], b => [Ints(b, 1, 2, 3, 0), "", Ints(b, -1, 1)], A.String("mode", "edge")));

        // Resize: coordinate and nearest modes, scales and sizes, legacy forms.
        int[] r4 = [1, 2, 5, 6];
        foreach (var (mode, coord, nearest) in new[]
        {
            ("nearest", "half_pixel", "round_prefer_floor"), ("nearest", "half_pixel", "round_prefer_ceil"),
            ("nearest", "asymmetric", "floor"), ("nearest", "asymmetric", "ceil"), ("nearest", "align_corners", "round_prefer_floor"),
            ("nearest", "pytorch_half_pixel", "floor"), ("linear", "half_pixel", ""), ("linear", "align_corners", ""),
            ("linear", "asymmetric", ""), ("linear", "pytorch_half_pixel", ""),
        })
        {
            var attrs = new List<Fer.MLNet.Onnx.Proto.AttributeProto> { A.String("mode", mode), A.String("coordinate_transformation_mode", coord) };
            if (nearest.Length > 0) attrs.Add(A.String("nearest_mode", nearest));
            string tag = $"{mode}_{coord}_{(nearest.Length > 0 ? nearest : "lin")}";
            c.Add(ZooCase.OpWith($"resize13_up_{tag}", 13, "Resize", [r4], b => ["", Floats(b, 1f, 1f, 2.5f, 1.5f)], [.. attrs]));
            c.Add(ZooCase.OpWith($"resize13_sizes_{tag}", 13, "Resize", [r4], b => ["", "", Ints(b, 1, 2, 3, 11)], [.. attrs]));
        }
        c.Add(ZooCase.OpWith("resize11_down_linear", 11, "Resize", [r4], b => [Floats(b), Floats(b, 1f, 1f, 0.5f, 0.6f)], A.String("mode", "linear")));
        c.Add(ZooCase.OpWith("resize11_down_nearest", 11, "Resize", [r4], b => [Floats(b), Floats(b, 1f, 1f, 0.6f, 0.5f)], A.String("nearest_mode", "floor")));
        c.Add(ZooCase.OpWith("resize10_nearest_up", 10, "Resize", [r4], b => [Floats(b, 1f, 1f, 2f, 1.5f)]));
        c.Add(ZooCase.OpWith("resize10_nearest_down", 10, "Resize", [r4], b => [Floats(b, 1f, 1f, 0.6f, 0.5f)]));
        c.Add(ZooCase.OpWith("resize10_linear", 10, "Resize", [r4], b => [Floats(b, 1f, 1f, 2f, 3f)], A.String("mode", "linear")));
        c.Add(ZooCase.OpWith("upsample9_nearest", 9, "Upsample", [r4], b => [Floats(b, 1f, 1f, 2f, 3f)]));
        c.Add(ZooCase.Op("upsample7_linear_attr", 7, "Upsample", [r4], A.String("mode", "linear"), A.Floats("scales", 1f, 1f, 2f, 2f)));
        c.Add(ZooCase.OpWith("resize18_axes", 18, "Resize", [r4], b => ["", Floats(b, 1.5f, 2f)], A.Ints("axes", 2, 3), A.String("mode", "linear")));
        return c;
    }
}
