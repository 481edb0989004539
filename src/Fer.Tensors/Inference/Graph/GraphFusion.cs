namespace Fer.Tensors.Inference.Graph;

/// <summary>
/// Rewrites a graph into fewer, fused nodes, each rewrite exact up to float rounding:
/// a per-channel affine map (batch norm) after a convolution or linear layer is folded into its
/// weights and bias; a residual sum is taken into the convolution that produces one of its operands
/// (the convolution moves to the sum's place, where the other operand exists); a rectifier after a
/// convolution, linear layer or sum goes into its epilogue, and one after a max pool into the
/// convolution before the pool when the rectifier never decreases (max and such a function commute);
/// a ReLU read only by depthwise convolutions is applied by them as they read. Each rewrite needs the
/// intermediate value to have no other reader and not be an output.
/// </summary>
internal static class GraphFusion
{
    public static List<GraphNode> Run(IReadOnlyList<GraphNode> source, IReadOnlyList<int> outputs, int valueCount)
    {
        var nodes = source.Select(Clone).ToList();
        bool changed = true;
        while (changed)
        {
            int[] uses = Uses(nodes, outputs, valueCount);
            changed = FoldAffine(nodes, uses) || FuseResidual(nodes, uses) || FuseRectifier(nodes, uses) || RectifyDepthwiseInputs(nodes, outputs);
        }
        return nodes;
    }

    private static int[] Uses(List<GraphNode> nodes, IReadOnlyList<int> outputs, int valueCount)
    {
        var uses = new int[valueCount];
        foreach (GraphNode n in nodes)
            foreach (int i in n.Inputs) uses[i]++;
        foreach (int o in outputs) uses[o] += 2; // an output is never an intermediate that can vanish
        return uses;
    }

    private static GraphNode? Producer(List<GraphNode> nodes, int value) => nodes.FirstOrDefault(n => n.Output == value);

    private static bool FoldAffine(List<GraphNode> nodes, int[] uses)
    {
        foreach (AffineNode affine in nodes.OfType<AffineNode>())
        {
            int x = affine.Inputs[0];
            if (uses[x] != 1) continue;
            switch (Producer(nodes, x))
            {
                case ConvNode conv when conv.Rectifier is null && !conv.HasResidual:
                    int perChannel = conv.Weight.Length / conv.OutChannels;
                    for (int oc = 0; oc < conv.OutChannels; oc++)
                    {
                        for (int i = 0; i < perChannel; i++) conv.Weight[oc * perChannel + i] *= affine.Scale[oc];
                        conv.Bias[oc] = conv.Bias[oc] * affine.Scale[oc] + affine.Shift[oc];
                    }
                    conv.Output = affine.Output;
                    nodes.Remove(affine);
                    return true;
                case LinearNode linear when linear.Rectifier is null:
                    for (int o = 0; o < linear.OutFeatures; o++)
                    {
                        for (int i = 0; i < linear.InFeatures; i++) linear.Weight[o * linear.InFeatures + i] *= affine.Scale[o];
                        linear.Bias[o] = linear.Bias[o] * affine.Scale[o] + affine.Shift[o];
                    }
                    linear.Output = affine.Output;
                    nodes.Remove(affine);
                    return true;
            }
        }
        return false;
    }

    private static bool FuseResidual(List<GraphNode> nodes, int[] uses)
    {
        for (int index = 0; index < nodes.Count; index++)
        {
            if (nodes[index] is not AddNode add || add.Rectifier is not null) continue;
            // Prefer the operand produced later: the other one then surely exists where the sum is.
            foreach (int k in new[] { 1, 0 })
            {
                int operand = add.Inputs[k], other = add.Inputs[1 - k];
                if (operand == other || uses[operand] != 1) continue;
                if (Producer(nodes, operand) is not ConvNode conv || conv.Rectifier is not null || conv.HasResidual || conv.IsDepthwise || conv.RectifyInput || conv.Groups != 1) continue;
                nodes.Remove(conv);
                conv.Inputs = [conv.Inputs[0], other];
                conv.Output = add.Output;
                nodes[nodes.IndexOf(add)] = conv;
                return true;
            }
        }
        return false;
    }

    private static bool FuseRectifier(List<GraphNode> nodes, int[] uses)
    {
        foreach (RectifyNode rect in nodes.OfType<RectifyNode>())
        {
            int x = rect.Inputs[0];
            if (uses[x] != 1) continue;
            GraphNode? producer = Producer(nodes, x);
            switch (producer)
            {
                case ConvNode conv when conv.Rectifier is null:
                    conv.Rectifier = rect.Rectifier;
                    break;
                case LinearNode linear when linear.Rectifier is null:
                    linear.Rectifier = rect.Rectifier;
                    break;
                case AddNode add when add.Rectifier is null:
                    add.Rectifier = rect.Rectifier;
                    break;
                case PoolNode { Max: true } pool when rect.Rectifier.IsMonotone && uses[pool.Inputs[0]] == 1
                    && Producer(nodes, pool.Inputs[0]) is ConvNode { Rectifier: null } before:
                    before.Rectifier = rect.Rectifier;
                    break;
                default:
                    continue;
            }
            producer!.Output = rect.Output;
            nodes.Remove(rect);
            return true;
        }
        return false;
    }

    private static bool RectifyDepthwiseInputs(List<GraphNode> nodes, IReadOnlyList<int> outputs)
    {
        foreach (RectifyNode rect in nodes.OfType<RectifyNode>())
        {
            if (!rect.Rectifier.IsRelu || outputs.Contains(rect.Output)) continue;
            var readers = nodes.Where(n => n.Inputs.Contains(rect.Output)).ToList();
            if (readers.Count == 0 || !readers.All(n => n is ConvNode { IsDepthwise: true, RectifyInput: false, DilationH: 1, DilationW: 1 } c && c.Inputs.Length == 1)) continue;
            foreach (ConvNode conv in readers.Cast<ConvNode>())
            {
                conv.RectifyInput = true;
                conv.Inputs = [rect.Inputs[0]];
            }
            nodes.Remove(rect);
            return true;
        }
        return false;
    }

    // Fusion edits weights and links in place: work on copies so the graph can be compiled again.
    private static GraphNode Clone(GraphNode n) => n switch
    {
        ConvNode c => new ConvNode(c.Inputs[0], c.Output)
        {
            Inputs = [.. c.Inputs],
            Weight = [.. c.Weight],
            Bias = [.. c.Bias],
            InChannels = c.InChannels,
            OutChannels = c.OutChannels,
            KH = c.KH,
            KW = c.KW,
            StrideH = c.StrideH,
            StrideW = c.StrideW,
            Padding = c.Padding,
            DilationH = c.DilationH,
            DilationW = c.DilationW,
            Groups = c.Groups,
            Rectifier = c.Rectifier,
            RectifyInput = c.RectifyInput,
        },
        LinearNode l => new LinearNode(l.Inputs[0], l.Output, [.. l.Weight], [.. l.Bias], l.InFeatures, l.OutFeatures) { Rectifier = l.Rectifier },
        AddNode a => new AddNode(a.Inputs[0], a.Inputs[1], a.Output) { Rectifier = a.Rectifier },
        PoolNode p => new PoolNode(p.Inputs[0], p.Output, p.Create) { Max = p.Max },
        AffineNode a => new AffineNode(a.Inputs[0], a.Output, a.Scale, a.Shift),
        RectifyNode r => new RectifyNode(r.Inputs[0], r.Output, r.Rectifier),
        FlattenNode f => new FlattenNode(f.Inputs[0], f.Output),
        ConcatNode c => new ConcatNode([.. c.Inputs], c.Output),
        MeanNode m => new MeanNode([.. m.Inputs], m.Output),
        SoftmaxNode s => new SoftmaxNode(s.Inputs[0], s.Output),
        _ => throw new InvalidOperationException($"unknown node {n.GetType().Name}"),
    };
}
