using System.Reflection;

namespace Fer.Cli.Infrastructure;

/// <summary>Turns an exception into the one line the user sees.</summary>
internal static class ErrorMessages
{
    public static string Describe(Exception exception)
    {
        Exception e = Unwrap(exception);
        string message = e.Message;
        // "... (Parameter 'spec')" names our code's argument, which means nothing on the command line.
        if (e is ArgumentException { ParamName: { } name })
            message = message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal);
        return e switch
        {
            CliException => message,
            UnauthorizedAccessException => $"permission denied: {message}",
            OutOfMemoryException => "out of memory: " + message + " (try a smaller --batch-size or --limit)",
            _ => message,
        };
    }

    private static Exception Unwrap(Exception e)
    {
        while (true)
        {
            switch (e)
            {
                case AggregateException { InnerExceptions.Count: 1 } a: e = a.InnerExceptions[0]; continue;
                case TargetInvocationException { InnerException: { } inner }: e = inner; continue;
                case TypeInitializationException { InnerException: { } inner }: e = inner; continue;
                default: return e;
            }
        }
    }
}
