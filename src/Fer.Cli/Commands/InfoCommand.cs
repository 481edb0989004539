using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Fer.Cli.Infrastructure;
using Fer.MLNet;
using Fer.MLNet.Data;
using Fer.MLNet.Model;
using Fer.MLNet.Pipeline;
using Spectre.Console;

namespace Fer.Cli.Commands;

/// <summary><c>fer info model.zip</c>: the transformer chain, input schema, classes, parameter count and file size of a model zip.</summary>
internal static class InfoCommand
{
    private const int MaxSettingsLength = 110;

    public static Command Create(CliContext context)
    {
        var model = new Argument<string>("model") { Description = "A model zip written by fer train or fer.Model.Save." };
        var command = new Command("info", "Describe a model zip: its steps, input columns, classes, parameters and size.") { model };
        command.SetAction(p => Execute(context, p.GetValue(model)!));
        return command;
    }

    internal static int Execute(CliContext context, string path)
    {
        CliConsole console = context.Console;
        if (!File.Exists(path)) throw new CliException($"Model file '{path}' does not exist.");
        var fer = new FerContext();
        TransformerChain<ITransformer> model = fer.Model.Load(path, out DataViewSchema inputSchema);

        console.Line($"file: {Path.GetFullPath(path)}");
        console.Line($"size: {new FileInfo(path).Length.ToString("N0", CultureInfo.InvariantCulture)} bytes");
        console.Line($"format: {ModelFile.FormatName} version {ModelFile.FormatVersion}");

        var chain = new Table().Border(TableBorder.Simple).Title("transformer chain");
        chain.AddColumns("#", "kind", "settings");
        chain.AddColumn(new TableColumn("parameters").RightAligned());
        long total = 0;
        for (int i = 0; i < model.Count; i++)
        {
            if (model[i] is not IPersistentTransformer p)
            {
                chain.AddRow(I(i), Markup.Escape(model[i].GetType().Name), "", "");
                continue;
            }
            TransformerState state = p.GetState();
            long count = state.Weights?.Values.Sum(t => (long)t.ElementCount) ?? 0;
            total += count;
            chain.AddRow(I(i), Markup.Escape(p.Kind), Markup.Escape(Settings(state.Options)), count == 0 ? "" : count.ToString("N0", CultureInfo.InvariantCulture));
        }
        console.Out.Write(chain);

        var schema = new Table().Border(TableBorder.Simple).Title("input schema (the columns the model was saved with; scoring needs only those its steps read)");
        schema.AddColumns("column", "type", "class names");
        foreach (var c in inputSchema.Where(c => !c.IsHidden))
            schema.AddRow(Markup.Escape(c.Name), Markup.Escape(c.Type.ToString() ?? ""), Markup.Escape(c.Annotations.KeyValues is { } k ? string.Join(", ", k) : ""));
        console.Out.Write(schema);

        DataViewSchema output = model.GetOutputSchema(inputSchema);
        IReadOnlyList<string>? classes = output.GetColumnOrNull("Score")?.Annotations.SlotNames ?? output.GetColumnOrNull("PredictedLabel")?.Annotations.KeyValues;
        var added = output.Where(c => !c.IsHidden && inputSchema.GetColumnOrNull(c.Name) is null).Select(c => $"{c.Name} ({c.Type})");
        console.Line($"outputs: {string.Join(", ", added)}");
        console.Line(classes is null ? "classes: (none: the model does not classify)" : $"classes ({classes.Count}): {string.Join(", ", classes)}");
        console.Line($"parameters: {total.ToString("N0", CultureInfo.InvariantCulture)}");
        return FerCli.Success;
    }

    /// <summary>The options as compact JSON, without long arrays (the class list is printed on its own line).</summary>
    private static string Settings(JsonObject options)
    {
        var copy = (JsonObject)options.DeepClone();
        foreach (var (key, value) in options)
            if (value is JsonArray { Count: > 8 } a) copy[key] = $"[{a.Count} values]";
        string text = copy.ToJsonString();
        return text.Length <= MaxSettingsLength ? text : text[..(MaxSettingsLength - 3)] + "...";
    }

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
}
