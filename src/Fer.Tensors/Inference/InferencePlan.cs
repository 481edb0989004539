using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Fer.Tensors.Diagnostics;
using Fer.Tensors.Inference.Graph;
using Fer.Tensors.Inference.Plan;
using Fer.Tensors.Kernels.Blocked;
using Fer.Tensors.Threading;

namespace Fer.Tensors.Inference;

/// <summary>
/// A compiled <see cref="InferenceGraph"/>: fused steps over channel-blocked buffers, with weights packed
/// once and every intermediate value placed in one arena per run (values whose lives do not overlap
/// share memory). Immutable; <see cref="Run(Tensor)"/> may be called from several threads at once, each
/// run taking its own arena from a pool, so a steady stream of runs allocates only the output tensors.
/// Results agree with running the modules eagerly up to float rounding (folded batch norms and fused
/// sums round differently), not bit for bit.
/// <para>
/// A batch runs layer by layer with each step split over the engine's threads, or, when the plan's weights
/// are small (<see cref="ImageParallelMaxWeightBytes"/>), image by image with the images shared out among
/// the threads: each thread then takes one image through every step while its maps stay in that core's
/// cache, instead of every step streaming the whole batch's maps through memory (and reading the maps
/// another core wrote). Each image's values are the same either way.
/// </para>
/// </summary>
public sealed class InferencePlan
{
    private readonly InputStep input;
    private readonly PlanStep[] steps;
    private readonly ValueSlot[] outputs;
    private readonly long arenaPerImage;
    private readonly long weightBytes;
    private readonly long multiplyAdds;
    private readonly ConcurrentBag<float[]> arenas = [];

    private InferencePlan(int block, int channels, int height, int width, InputStep input, PlanStep[] steps, ValueSlot[] outputs, long arenaPerImage)
    {
        Block = block;
        InputChannels = channels;
        InputHeight = height;
        InputWidth = width;
        this.input = input;
        this.steps = steps;
        this.outputs = outputs;
        this.arenaPerImage = arenaPerImage;
        weightBytes = steps.Sum(s => s.WeightFloats) * sizeof(float);
        multiplyAdds = steps.Sum(s => s.MultiplyAdds);
    }

    /// <summary>
    /// Runs with fewer multiply-adds than this in all stay on the calling thread: each step of a small network
    /// is too short to split (FaceExpressionNet, about 0.05 billion per image, ran faster on one thread than on two).
    /// </summary>
    internal static long SerialMaxMultiplyAdds { get; set; } = 1L << 26;

    /// <summary>Whether a run of <paramref name="images"/> images that does not go image-parallel stays on the calling thread.</summary>
    internal bool RunsSerial(int images) => !RunsImageParallel(images) && multiplyAdds * images < SerialMaxMultiplyAdds;

    /// <summary>Multiply-adds per image of the convolutions and linear layers.</summary>
    internal long MultiplyAddsPerImage => multiplyAdds;

    /// <summary>
    /// Plans whose weights take at most this many bytes run batches image-parallel (see the remarks): every
    /// thread reads all the weights for each of its images, which stays cheap while they fit the shared cache.
    /// </summary>
    internal static long ImageParallelMaxWeightBytes { get; set; } = 8L << 20;

    /// <summary>Bytes of weights the steps read per run.</summary>
    internal long WeightBytes => weightBytes;

    /// <summary>Whether a run of <paramref name="images"/> images goes image by image over the threads.</summary>
    /// <remarks>Not while the op profiler runs: its per-step times need the steps to run one after the other.</remarks>
    internal bool RunsImageParallel(int images) => images > 1 && Parallelism.ThreadCount > 1 && weightBytes <= ImageParallelMaxWeightBytes && !OpProfiler.Enabled;

    /// <summary>The channel block (vector width in floats) the plan was compiled for.</summary>
    public int Block { get; }

    public int InputChannels { get; }

    public int InputHeight { get; }

    public int InputWidth { get; }

    /// <summary>The steps after fusion, one line each (e.g. "conv 3x3/1 64->64 +res +rect"), for diagnostics.</summary>
    public IReadOnlyList<string> Steps => [input.Name, .. steps.Select(s => s.Name)];

    /// <summary>Arena floats per image of a run (all intermediate values, with reuse).</summary>
    public long ArenaFloatsPerImage => arenaPerImage;

    /// <summary>Runs the plan on images [N, C, H, W] and returns the first output.</summary>
    /// <exception cref="ArgumentException">The input's shape is not [N, C, H, W] with the graph's C, H and W.</exception>
    public Tensor Run(Tensor input) => RunAll(input)[0];

    /// <summary>Runs the plan on images [N, C, H, W] and returns every output, in the order they were marked: [N, C, H, W] for maps, [N, F] for flat values.</summary>
    /// <exception cref="ArgumentException">The input's shape is not [N, C, H, W] with the graph's C, H and W.</exception>
    public unsafe Tensor[] RunAll(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 4 || input.Size(1) != InputChannels || input.Size(2) != InputHeight || input.Size(3) != InputWidth)
            throw new ArgumentException($"the plan takes images [N, {InputChannels}, {InputHeight}, {InputWidth}]; got {Tensor.FormatShape(input.Shape)}.", nameof(input));
        int n = input.Size(0);
        var results = new Tensor[outputs.Length];
        if (n == 0)
        {
            for (int i = 0; i < outputs.Length; i++) results[i] = Tensor.Zeros(Shape(outputs[i], 0));
            return results;
        }
        Tensor dense = input.IsContiguous ? input : input.Contiguous();
        dense.ThrowIfReleased();
        var pixels = new ReadOnlyMemory<float>(dense.Storage, dense.Offset, dense.ElementCount);
        var data = new float[outputs.Length][];
        for (int i = 0; i < outputs.Length; i++) data[i] = new float[(long)n * OutputFloats(outputs[i])];
        if (RunsImageParallel(n))
        {
            // Contiguous runs of images, a few per thread, taken by whichever thread is free.
            int chunks = Math.Min(n, Parallelism.ThreadCount * 4);
            ForkJoin.Run(chunks, new ImageChunks(this, pixels, data, n, chunks));
        }
        else
        {
            using Parallelism.SerialScope? serial = RunsSerial(n) ? Parallelism.Serial() : null;
            RunImages(pixels.Span, data, 0, n, profile: OpProfiler.Enabled);
        }
        for (int i = 0; i < outputs.Length; i++) results[i] = Tensor.Wrap(data[i], Shape(outputs[i], n));
        return results;
    }

    /// <summary>Runs images [first, first + count) of <paramref name="pixels"/> as one batch and writes their outputs into <paramref name="data"/>.</summary>
    private unsafe void RunImages(ReadOnlySpan<float> pixels, float[][] data, int first, int count, bool profile)
    {
        long imageFloats = (long)InputChannels * InputHeight * InputWidth;
        float[] arena = RentArena(checked(arenaPerImage * count + 16));
        try
        {
            fixed (float* start = arena)
            {
                float* a = (float*)(((nint)start + 63) & ~(nint)63);
                this.input.Write(pixels.Slice((int)(first * imageFloats), (int)(count * imageFloats)), a, count);
                if (profile) OpProfiler.OnForward(this.input.Name);
                foreach (PlanStep step in steps)
                {
                    step.Execute(a, count);
                    if (profile) OpProfiler.OnForward(step.Name);
                }
                for (int i = 0; i < outputs.Length; i++)
                {
                    ValueSlot slot = outputs[i];
                    long per = OutputFloats(slot);
                    Span<float> target = data[i].AsSpan((int)(first * per), (int)(count * per));
                    if (slot.IsFlat) new ReadOnlySpan<float>(slot.In(a, count), target.Length).CopyTo(target);
                    else BlockedReorder.ToNchw(slot.In(a, count), slot.Layout, count, target);
                }
                if (profile) OpProfiler.OnForward("outputs");
            }
        }
        finally
        {
            arenas.Add(arena);
        }
    }

    private sealed class ImageChunks(InferencePlan plan, ReadOnlyMemory<float> pixels, float[][] data, int images, int chunks) : IParallelChunks
    {
        public void RunChunk(int index)
        {
            int start = (int)((long)images * index / chunks), end = (int)((long)images * (index + 1) / chunks);
            // This chunk is one thread's share already: its kernels stay on this thread.
            using Parallelism.SerialScope serial = Parallelism.Serial();
            for (int n = start; n < end; n++) plan.RunImages(pixels.Span, data, n, 1, profile: false);
        }
    }

    private static long OutputFloats(ValueSlot slot) => slot.IsFlat ? slot.Features : (long)slot.Layout.Channels * slot.Layout.Height * slot.Layout.Width;

    private float[] RentArena(long length)
    {
        if (length > Array.MaxLength) throw new ArgumentException($"a run of this size needs {length} floats of working memory, more than one array holds; run fewer images at once.");
        while (arenas.TryTake(out float[]? a))
        {
            if (a.Length >= length) return a;
        }
        return GC.AllocateUninitializedArray<float>((int)length, pinned: true);
    }

    private static int[] Shape(ValueSlot slot, int n) => slot.IsFlat ? [n, slot.Features] : [n, slot.Layout.Channels, slot.Layout.Height, slot.Layout.Width];

    internal static InferencePlan Create(InferenceGraph graph, int block)
    {
        if (graph.Outputs.Count == 0) throw new InvalidOperationException("the graph has no output; mark one with Output.");
        List<GraphNode> nodes = GraphFusion.Run(graph.Nodes, graph.Outputs, graph.ValueCount);
        int inputId = graph.Input.Id;
        float[]? inScale = null, inShift = null;
        // An affine map read straight off the input (normalisation) is done while the input is copied in.
        if (nodes.FirstOrDefault(n => n.Inputs.Contains(inputId)) is AffineNode norm && nodes.Count(n => n.Inputs.Contains(inputId)) == 1 && !graph.Outputs.Contains(inputId))
        {
            (inScale, inShift, inputId) = (norm.Scale, norm.Shift, norm.Output);
            nodes.Remove(norm);
        }

        var slots = new Dictionary<int, ValueSlot>();
        ValueSlot SlotOf(int id)
        {
            if (slots.TryGetValue(id, out ValueSlot? s)) return s;
            var (c, h, w, flat) = graph.Shape(id);
            if (flat) return slots[id] = new ValueSlot(c);
            var layout = new BlockedLayout(c, h, w, 0, 0, block, id == inputId && PlanarInput(nodes, id, c, block, graph.Outputs));
            foreach (GraphNode reader in nodes.Where(n => n.Inputs.Length > 0 && n.Inputs[0] == id))
                if (reader is ConvNode conv && UsesBlockedKernel(conv))
                    layout = layout.WithHalo(Math.Max(conv.Padding.Top, conv.Padding.Bottom), Math.Max(conv.Padding.Left, conv.Padding.Right));
            return slots[id] = new ValueSlot(layout);
        }

        var inputStep = new InputStep(SlotOf(inputId), inScale, inShift);
        var stepList = new List<PlanStep>();
        foreach (GraphNode node in nodes)
        {
            ValueSlot[] ins = [.. node.Inputs.Select(SlotOf)];
            stepList.Add(CreateStep(node, ins, SlotOf(node.Output), block));
        }

        ValueSlot[] outs = [.. graph.Outputs.Select(SlotOf)];
        long perImage = Allocate(inputStep, stepList, outs);
        var (channels, height, width, _) = graph.Shape(graph.Input.Id);
        return new InferencePlan(block, channels, height, width, inputStep, [.. stepList], outs, perImage);
    }

    private static bool UsesBlockedKernel(ConvNode conv)
        => conv.DilationH == 1 && conv.DilationW == 1 && (conv.IsDepthwise ? !conv.HasResidual : conv.Groups == 1 && BlockedConv2d.Supports(conv.StrideW, 1, 1));

    // The input stays one plane per channel when only dense convolutions read it and it has fewer channels than a block.
    private static bool PlanarInput(List<GraphNode> nodes, int id, int channels, int block, IReadOnlyList<int> outputs)
        => channels < block && !outputs.Contains(id)
            && nodes.Where(n => n.Inputs.Contains(id)).All(n => n is ConvNode c && c.Inputs[0] == id && !c.Inputs.Skip(1).Contains(id)
                && !c.IsDepthwise && c.Groups == 1 && UsesBlockedKernel(c));

    private static PlanStep CreateStep(GraphNode node, ValueSlot[] ins, ValueSlot output, int block)
    {
        switch (node)
        {
            case ConvNode conv when UsesBlockedKernel(conv) && !conv.IsDepthwise:
            {
                var kernel = new BlockedConv2d(conv.Weight, conv.Bias, conv.InChannels, conv.OutChannels, conv.KH, conv.KW, conv.StrideH, conv.StrideW,
                    conv.Padding.Top, conv.Padding.Left, block, ins[0].Layout.Planar);
                if (conv.Rectifier is { } r) kernel = kernel.WithRectifier(r.Slope, r.Slopes);
                return new ConvStep(kernel, ins[0], ins.Length > 1 ? ins[1] : null, output);
            }
            case ConvNode conv when UsesBlockedKernel(conv):
            {
                var kernel = new BlockedDepthwiseConv2d(conv.Weight, conv.Bias, conv.InChannels, conv.KH, conv.KW, conv.StrideH, conv.StrideW, conv.Padding.Top, conv.Padding.Left, block);
                if (conv.RectifyInput) kernel = kernel.WithRectifiedInput();
                if (conv.Rectifier is { } r) kernel = kernel.WithRectifier(r.Slope, r.Slopes);
                return new DepthwiseStep(kernel, ins[0], output);
            }
            case ConvNode conv:
                return new FallbackConvStep(conv, ins[0], ins.Length > 1 ? ins[1] : null, output);
            case PoolNode pool:
                return new PoolStep(pool.Create(block), ins[0], output);
            case AffineNode affine when output.IsFlat:
                return new FlatElementwiseStep("affine", ins[0], null, affine.Scale, affine.Shift, null, output);
            case AffineNode affine:
                return new MapElementwiseStep("affine", ins[0], null, affine.Scale, affine.Shift, null, output);
            case RectifyNode rect when output.IsFlat:
                return new FlatElementwiseStep("rectify", ins[0], null, null, null, rect.Rectifier, output);
            case RectifyNode rect:
                return new MapElementwiseStep("rectify", ins[0], null, null, null, rect.Rectifier, output);
            case AddNode add when output.IsFlat:
                return new FlatElementwiseStep("add", ins[0], ins[1], null, null, add.Rectifier, output);
            case AddNode add:
                return new MapElementwiseStep(add.Rectifier is null ? "add" : "add +rect", ins[0], ins[1], null, null, add.Rectifier, output);
            case FlattenNode:
                return new FlattenStep(ins[0], output);
            case LinearNode linear:
                return new LinearStep(linear, ins[0], output);
            default:
                return new FlatCombineStep(node, ins, output);
        }
    }

    /// <summary>
    /// Places every value in the arena, first fit by address: a value's space is free again after the last
    /// step that reads it (outputs stay to the end). Returns the arena's floats per image.
    /// </summary>
    private static long Allocate(InputStep input, List<PlanStep> steps, ValueSlot[] outputs)
    {
        var lastUse = new Dictionary<ValueSlot, int>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < steps.Count; i++)
            foreach (ValueSlot s in steps[i].Inputs) lastUse[s] = i;
        foreach (ValueSlot o in outputs) lastUse[o] = int.MaxValue;
        var live = new List<(long Start, long End, int Until)>();
        long top = 0;
        void Place(ValueSlot slot, int at)
        {
            live.RemoveAll(l => l.Until < at);
            long start = 0;
            foreach (var (s, e, _) in live.OrderBy(l => l.Start))
            {
                if (s - start >= slot.PerImage) break;
                start = Math.Max(start, e);
            }
            slot.Offset = start;
            live.Add((start, start + slot.PerImage, lastUse.GetValueOrDefault(slot, at)));
            top = Math.Max(top, start + slot.PerImage);
        }
        Place(input.Output, -1);
        for (int i = 0; i < steps.Count; i++) Place(steps[i].Output, i);
        Debug.Assert(top % 16 == 0);
        return top;
    }

}
