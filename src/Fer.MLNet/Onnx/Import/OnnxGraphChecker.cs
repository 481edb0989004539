using Fer.MLNet.Onnx.Proto;

namespace Fer.MLNet.Onnx.Import;

/// <summary>
/// Structural checks of a graph: unique non-empty names, every node input produced by an
/// initializer, a graph input or another node, no cycle, and every graph output produced.
/// Returns the nodes in a topological order that keeps the file's order where it is valid.
/// </summary>
internal static class OnnxGraphChecker
{
    public static List<NodeProto> SortAndCheck(GraphProto graph, string source)
    {
        var producer = new Dictionary<string, int>(StringComparer.Ordinal); // value -> node index, -1 for initializers/inputs
        foreach (TensorProto t in graph.Initializers)
        {
            if (t.Name.Length == 0) throw new OnnxFormatException("an initializer has an empty name.", source);
            if (!producer.TryAdd(t.Name, -1)) throw new OnnxFormatException($"initializer name '{t.Name}' is used twice.", source);
        }
        var inputNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (ValueInfoProto v in graph.Inputs)
        {
            if (v.Name.Length == 0) throw new OnnxFormatException("a graph input has an empty name.", source);
            if (!inputNames.Add(v.Name)) throw new OnnxFormatException($"graph input '{v.Name}' is listed twice.", source);
            producer.TryAdd(v.Name, -1); // an initializer may also be listed as an input
        }
        List<NodeProto> nodes = graph.Nodes;
        for (int i = 0; i < nodes.Count; i++)
        {
            NodeProto n = nodes[i];
            if (n.OpType.Length == 0) throw new OnnxFormatException("the node has no op_type.", source, n.DisplayName);
            if (n.Domain is not ("" or "ai.onnx"))
                throw new OnnxFormatException($"operator domain '{n.Domain}' is not supported; only the default ONNX domain is.", source, n.DisplayName, n.OpType);
            foreach (string o in n.Outputs)
            {
                if (o.Length == 0) continue;
                if (producer.TryGetValue(o, out int other))
                {
                    string by = other < 0 ? "an initializer or graph input" : $"node '{nodes[other].DisplayName}'";
                    throw new OnnxFormatException($"output '{o}' is also produced by {by}; every value must have one producer.", source, n.DisplayName, n.OpType);
                }
                producer[o] = i;
            }
        }
        for (int i = 0; i < nodes.Count; i++)
        {
            NodeProto n = nodes[i];
            foreach (string input in n.Inputs)
            {
                if (input.Length > 0 && !producer.ContainsKey(input))
                    throw new OnnxFormatException($"input '{input}' is not an initializer, a graph input or the output of any node.", source, n.DisplayName, n.OpType);
            }
        }
        foreach (ValueInfoProto v in graph.Outputs)
        {
            if (v.Name.Length == 0) throw new OnnxFormatException("a graph output has an empty name.", source);
            if (!producer.ContainsKey(v.Name))
                throw new OnnxFormatException($"graph output '{v.Name}' is not produced by any node, initializer or input.", source);
        }
        if (graph.Outputs.Count == 0) throw new OnnxFormatException("the graph has no outputs.", source);
        return Sort(nodes, producer, source);
    }

    private static List<NodeProto> Sort(List<NodeProto> nodes, Dictionary<string, int> producer, string source)
    {
        int count = nodes.Count;
        var pending = new int[count];
        var consumers = new List<int>[count];
        for (int i = 0; i < count; i++) consumers[i] = [];
        for (int i = 0; i < count; i++)
        {
            foreach (string input in nodes[i].Inputs)
            {
                if (input.Length == 0 || producer[input] < 0) continue;
                pending[i]++;
                consumers[producer[input]].Add(i);
            }
        }
        var ready = new PriorityQueue<int, int>();
        for (int i = 0; i < count; i++)
            if (pending[i] == 0) ready.Enqueue(i, i);
        var order = new List<NodeProto>(count);
        while (ready.TryDequeue(out int i, out _))
        {
            order.Add(nodes[i]);
            foreach (int c in consumers[i])
                if (--pending[c] == 0) ready.Enqueue(c, c);
        }
        if (order.Count == count) return order;
        throw new OnnxFormatException($"the graph has a cycle: {DescribeCycle(nodes, producer, pending)}.", source);
    }

    /// <summary>Walks back from a node that never became ready along unresolved inputs until a node repeats.</summary>
    private static string DescribeCycle(List<NodeProto> nodes, Dictionary<string, int> producer, int[] pending)
    {
        int start = Array.FindIndex(pending, p => p > 0);
        var seen = new Dictionary<int, int>();
        var walk = new List<int>();
        int current = start;
        while (!seen.ContainsKey(current))
        {
            seen[current] = walk.Count;
            walk.Add(current);
            int next = -1;
            foreach (string input in nodes[current].Inputs)
            {
                if (input.Length > 0 && producer[input] >= 0 && pending[producer[input]] > 0)
                {
                    next = producer[input];
                    break;
                }
            }
            if (next < 0) break;
            current = next;
        }
        List<int> cycle = walk.Skip(seen.GetValueOrDefault(current)).ToList();
        cycle.Reverse(); // producer before consumer
        int first = cycle.IndexOf(cycle.Min());
        cycle = [.. cycle.Skip(first), .. cycle.Take(first)]; // start at the node that comes first in the file
        var names = cycle.Select(i => $"'{nodes[i].DisplayName}'").ToList();
        names.Add(names[0]);
        return string.Join(" -> ", names);
    }
}
