using Fer.MLNet.Onnx.Import;
using Fer.MLNet.Onnx.Proto;
using Fer.MLNet.Onnx.Runtime.Operators;
using Fer.Tensors;
using Fer.Tensors.Autograd;

namespace Fer.MLNet.Onnx.Runtime;

/// <summary>
/// Runs an ONNX graph on the Fer.Tensors engine (inference only, no autograd). Creating the runner
/// checks every node against the supported operator set (<see cref="SupportedOperators"/>), its
/// attributes and, as far as they are known before running, the shapes of its inputs; constant
/// sub-graphs are computed once and constant weights are prepared (packed, folded) once.
/// <see cref="Run(IReadOnlyDictionary{string, Tensor})"/> keeps no state between calls and may be
/// called from several threads at once.
/// </summary>
public sealed class OnnxGraphRunner
{
    private readonly Step[] steps;
    private readonly OnnxValue?[] constants;
    private readonly InputSpec[] inputs;
    private readonly (string Name, int Slot)[] outputs;
    private readonly int slotCount;

    /// <summary>Prepares <paramref name="model"/> for running.</summary>
    /// <exception cref="OnnxFormatException">A node uses an unsupported operator or attribute, an input kind is not supported, or shapes do not fit (the message names the node and what is wrong).</exception>
    public OnnxGraphRunner(OnnxModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        var slots = new Dictionary<string, int>(StringComparer.Ordinal);
        int Slot(string name) => slots.TryGetValue(name, out int s) ? s : slots[name] = slots.Count;
        var known = new Dictionary<int, SymbolicValue>();
        var constantValues = new Dictionary<int, OnnxValue>();
        foreach (var (name, value) in model.Initializers)
        {
            int s = Slot(name);
            constantValues[s] = value;
            known[s] = SymbolicValue.Of(value);
        }
        inputs = model.Inputs.Select(v => InputSpec.From(v, Slot(v.Name), model.SourceName)).ToArray();
        foreach (InputSpec i in inputs) known[i.Slot] = new SymbolicValue(i.Kind, i.Dims);

        var stepList = new List<Step>();
        using NoGradScope noGrad = GradMode.NoGrad();
        foreach (NodeProto node in model.Nodes)
        {
            var context = new NodeContext(node, model.OpsetVersion, model.SourceName, model.Options);
            OnnxOperator op = OperatorRegistry.Create(context);
            int[] inSlots = node.Inputs.Select(n => n.Length == 0 ? -1 : Slot(n)).ToArray();
            SymbolicValue?[] inSym = inSlots.Select(s => s < 0 ? null : known[s]).ToArray();
            SymbolicValue[] outSym = Guard(context, () => op.Infer(inSym));
            CheckSizes(context, outSym);
            int[] outSlots = node.Outputs.Select(n => n.Length == 0 ? -1 : Slot(n)).ToArray();
            if (op.CanFold && inSym.All(v => v is null || v.Constant is not null))
            {
                OnnxValue[] values = Guard(context, () => op.Run(inSym.Select(v => v?.Constant).ToArray()));
                outSym = values.Select(SymbolicValue.Of).ToArray();
                for (int i = 0; i < outSlots.Length; i++)
                    if (outSlots[i] >= 0) constantValues[outSlots[i]] = values[i];
            }
            else
            {
                Guard(context, () =>
                {
                    op.Prepare(inSym);
                    return true;
                });
                stepList.Add(new Step(op, inSlots, outSlots));
            }
            for (int i = 0; i < outSlots.Length; i++)
                if (outSlots[i] >= 0) known[outSlots[i]] = outSym[i];
        }
        outputs = model.Outputs.Select(o => (o.Name, Slot(o.Name))).ToArray();
        slotCount = slots.Count;
        constants = new OnnxValue?[slotCount];
        foreach (var (s, v) in constantValues) constants[s] = v;
        steps = [.. stepList];
        MarkLastUses(steps, outputs.Select(o => o.Slot).ToHashSet(), constants);
        InputNames = inputs.Select(i => i.Name).ToArray();
        OutputNames = outputs.Select(o => o.Name).ToArray();
        OutputShapes = outputs.Select(o => known[o.Slot].Dims).ToArray();
    }

    /// <summary>The model being run.</summary>
    public OnnxModel Model { get; }

    /// <summary>The names of the inputs to feed, in graph order.</summary>
    public IReadOnlyList<string> InputNames { get; }

    /// <summary>The names of the outputs, in graph order.</summary>
    public IReadOnlyList<string> OutputNames { get; }

    /// <summary>The output shapes inferred at preparation (-1 for dimensions that depend on the inputs; null when the rank is unknown).</summary>
    public IReadOnlyList<int[]?> OutputShapes { get; }

    /// <summary>The op_type names this runtime supports (default ONNX domain, opset 7 to 21).</summary>
    public static IReadOnlyList<string> SupportedOperators => OperatorRegistry.Supported;

    /// <summary>Loads <paramref name="path"/> with <see cref="OnnxModel.Load(string, OnnxLoadOptions?)"/> and prepares it.</summary>
    /// <exception cref="OnnxFormatException">The file or its graph is not valid or not supported.</exception>
    public static OnnxGraphRunner Load(string path, OnnxLoadOptions? options = null) => new(OnnxModel.Load(path, options));

    /// <summary>Runs a model with one input and returns its first output.</summary>
    /// <exception cref="InvalidOperationException">The model has more than one input.</exception>
    /// <exception cref="ArgumentException">The input's shape does not fit the declared one.</exception>
    public Tensor Run(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (inputs.Length != 1)
            throw new InvalidOperationException($"The model has {inputs.Length} inputs ({string.Join(", ", InputNames)}); pass them by name.");
        return Run(new Dictionary<string, Tensor> { [inputs[0].Name] = input })[outputs[0].Name];
    }

    /// <summary>
    /// Runs the graph. Every input must be given by name with the declared rank and fixed
    /// dimensions (symbolic ones such as a batch "N" may take any size). Int64 inputs accept
    /// tensors of whole numbers. Int64 outputs are returned converted to float.
    /// </summary>
    /// <returns>Every graph output by name.</returns>
    /// <exception cref="ArgumentException">An input is missing, unknown, or of the wrong shape (the message names it).</exception>
    /// <exception cref="OnnxFormatException">A node fails on these shapes (the message names the node).</exception>
    public IReadOnlyDictionary<string, Tensor> Run(IReadOnlyDictionary<string, Tensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var values = new Dictionary<string, OnnxValue>(StringComparer.Ordinal);
        foreach (var (name, tensor) in inputs)
        {
            ArgumentNullException.ThrowIfNull(tensor, $"inputs[{name}]");
            InputSpec? spec = Array.Find(this.inputs, i => i.Name == name);
            values[name] = spec?.Kind == OnnxValueKind.Int64 ? InputSpec.ToInt64(tensor, name) : OnnxValue.FromTensor(tensor);
        }
        return RunValues(values).ToDictionary(kv => kv.Key, kv => kv.Value.ToFloatTensor(), StringComparer.Ordinal);
    }

    /// <summary>Runs the graph on float or int64 values and returns the outputs in their own kinds.</summary>
    /// <exception cref="ArgumentException">An input is missing, unknown, of the wrong kind or of the wrong shape.</exception>
    /// <exception cref="OnnxFormatException">A node fails on these shapes (the message names the node).</exception>
    public IReadOnlyDictionary<string, OnnxValue> RunValues(IReadOnlyDictionary<string, OnnxValue> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var slots = (OnnxValue?[])constants.Clone();
        foreach (string name in inputs.Keys)
        {
            if (!Array.Exists(this.inputs, i => i.Name == name))
                throw new ArgumentException($"'{name}' is not an input of {Model.SourceName}; the inputs are: {string.Join(", ", InputNames)}.", nameof(inputs));
        }
        foreach (InputSpec spec in this.inputs)
        {
            if (!inputs.TryGetValue(spec.Name, out OnnxValue? v) || v is null)
                throw new ArgumentException($"input '{spec.Name}' of {Model.SourceName} is missing; the inputs are: {string.Join(", ", InputNames)}.", nameof(inputs));
            spec.Check(v);
            slots[spec.Slot] = v;
        }
        using (GradMode.NoGrad())
        {
            foreach (Step step in steps)
            {
                var args = new OnnxValue?[step.Inputs.Length];
                for (int i = 0; i < args.Length; i++) args[i] = step.Inputs[i] < 0 ? null : slots[step.Inputs[i]];
                NodeContext context = step.Operator.Context;
                SymbolicValue[] expected = Guard(context, () => step.Operator.Infer(args.Select(a => a is null ? null : SymbolicValue.Of(a)).ToArray()));
                CheckSizes(context, expected);
                OnnxValue[] results = Guard(context, () => step.Operator.Run(args));
                for (int i = 0; i < step.Outputs.Length; i++)
                    if (step.Outputs[i] >= 0) slots[step.Outputs[i]] = results[i];
                foreach (int dead in step.Release) slots[dead] = null;
            }
        }
        var result = new Dictionary<string, OnnxValue>(StringComparer.Ordinal);
        foreach (var (name, slot) in outputs)
        {
            OnnxValue v = slots[slot]!;
            // Constants are shared by all runs: hand out copies so a caller cannot change them.
            if (constants[slot] is not null && v.Kind == OnnxValueKind.Float32) v = OnnxValue.FromTensor(v.AsTensor().Clone());
            result[name] = v;
        }
        return result;
    }

    private static T Guard<T>(NodeContext context, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (OnnxFormatException)
        {
            throw;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IndexOutOfRangeException or OverflowException)
        {
            throw context.Error(e.Message, e);
        }
    }

    private static void CheckSizes(NodeContext context, SymbolicValue[] values)
    {
        foreach (SymbolicValue v in values)
        {
            long n = ShapeMath.Product(v.Dims);
            if (n > context.Options.MaxTensorElements)
                throw context.Error($"an output of shape {SymbolicValue.Format(v.Dims)} exceeds {context.Options.MaxTensorElements} elements (OnnxLoadOptions.MaxTensorElements).");
        }
    }

    private static void MarkLastUses(Step[] steps, HashSet<int> keep, OnnxValue?[] constants)
    {
        var last = new Dictionary<int, int>();
        for (int i = 0; i < steps.Length; i++)
            foreach (int s in steps[i].Inputs)
                if (s >= 0) last[s] = i;
        foreach (var (slot, step) in last)
            if (!keep.Contains(slot) && constants[slot] is null) steps[step].Release.Add(slot);
    }

    private sealed class Step(OnnxOperator op, int[] inputs, int[] outputs)
    {
        public OnnxOperator Operator { get; } = op;

        public int[] Inputs { get; } = inputs;

        public int[] Outputs { get; } = outputs;

        public List<int> Release { get; } = [];
    }
}
