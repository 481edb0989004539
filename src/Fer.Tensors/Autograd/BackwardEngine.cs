namespace Fer.Tensors.Autograd;

/// <summary>
/// Reverse-mode differentiation over the dynamic graph: orders the recorded nodes reachable from a
/// root topologically, then propagates gradients from the root to the leaves, accumulating into
/// the leaves' <see cref="Tensor.Grad"/>. Several graphs may be alive at once; each backward only
/// touches nodes reachable from its own root.
/// </summary>
internal static class BackwardEngine
{
    internal static void Run(Tensor root, Tensor gradient, bool retainGraph)
    {
        List<Tensor> order = TopologicalOrder(root);
        var pending = new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance) { [root] = gradient };

        using (GradMode.NoGrad())
        {
            if (Diagnostics.OpProfiler.Enabled) Diagnostics.OpProfiler.InBackward = true;
            // Reverse topological order: every consumer of a tensor runs before the tensor itself.
            for (int i = order.Count - 1; i >= 0; i--)
            {
                Tensor t = order[i];
                if (!pending.Remove(t, out Tensor? g)) continue;
                if (t.RetainsGrad) t.AccumulateGrad(g);
                GradNode node = t.Node!;
                Tensor[] inputs = node.Inputs;
                long started = Diagnostics.OpProfiler.Enabled ? Diagnostics.OpProfiler.BackwardStart() : 0;
                Tensor?[] grads = node.Apply(g);
                if (started != 0) Diagnostics.OpProfiler.OnBackward(node.Name, started);
                for (int k = 0; k < inputs.Length; k++)
                {
                    Tensor input = inputs[k];
                    Tensor? gi = grads[k];
                    if (gi is null || !input.RequiresGrad) continue;
                    if (!gi.ShapeEquals(input))
                        throw new InvalidOperationException(
                            $"Backward of '{node.Name}' produced a gradient of shape {Tensor.FormatShape(gi.ShapeArray)} for an input of shape {Tensor.FormatShape(input.ShapeArray)}.");
                    long accStart = Diagnostics.OpProfiler.Enabled ? Diagnostics.OpProfiler.BackwardStart() : 0;
                    if (input.Node is null)
                    {
                        input.AccumulateGrad(gi);
                        if (accStart != 0) Diagnostics.OpProfiler.OnBackward("(accumulate leaf)", accStart);
                    }
                    else
                    {
                        pending[input] = pending.TryGetValue(input, out Tensor? prev) ? prev.Add(gi) : gi;
                        if (accStart != 0) Diagnostics.OpProfiler.OnBackward("(accumulate)", accStart);
                    }
                }
                if (!retainGraph) node.Release();
            }

            Diagnostics.OpProfiler.InBackward = false;
            if (Diagnostics.OpProfiler.Enabled) Diagnostics.OpProfiler.Mark();
        }
    }

    private static List<Tensor> TopologicalOrder(Tensor root)
    {
        // Iterative post-order DFS over tensors that carry a node (non-leaves).
        var order = new List<Tensor>();
        var visited = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Tensor T, int Next)>();
        if (root.Node is null) return order;
        stack.Push((root, 0));
        visited.Add(root);
        while (stack.Count > 0)
        {
            var (t, next) = stack.Pop();
            Tensor[] inputs = t.Node!.Inputs;
            if (next < inputs.Length)
            {
                stack.Push((t, next + 1));
                Tensor child = inputs[next];
                if (child.Node is not null && child.RequiresGrad && visited.Add(child)) stack.Push((child, 0));
            }
            else
            {
                order.Add(t);
            }
        }
        return order;
    }
}
