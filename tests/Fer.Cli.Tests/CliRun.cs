using Fer.Cli;

namespace Fer.Cli.Tests;

/// <summary>Runs the fer command in this process, as the real entry point does, and captures what it prints.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static CliRun Of(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = FerCli.Run(args, output, error);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    /// <summary>Output lines, trimmed.</summary>
    public IReadOnlyList<string> Lines => [.. Output.Split('\n').Select(l => l.TrimEnd('\r').Trim())];

    /// <summary>The value of the first line "NAME: VALUE".</summary>
    public string Value(string name)
    {
        string prefix = name + ": ";
        return Lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..]
            ?? throw new Xunit.Sdk.XunitException($"No line '{prefix}...' in the output:\n{Output}\nerrors:\n{Error}");
    }

    public double Number(string name) => double.Parse(Value(name), System.Globalization.CultureInfo.InvariantCulture);

    public override string ToString() => $"exit {ExitCode}\n--- output ---\n{Output}\n--- errors ---\n{Error}";
}
