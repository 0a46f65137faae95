using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace Leviathan.Cli.Hosting;

/// <summary>Prints Leviathan's own version for <c>--version</c>.</summary>
internal sealed class PrintVersionAction : SynchronousCommandLineAction
{
    public static string Version { get; } =
        typeof(PrintVersionAction).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(PrintVersionAction).Assembly.GetName().Version?.ToString(3)
        ?? "unknown";

    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine(Version);
        return 0;
    }
}
