using System.Reflection.PortableExecutable;
using Leviathan.Agents.Launching;

namespace Leviathan.Perf.Evaluation;

/// <summary>Which build the figures come from: precompiled (ReadyToRun) or JIT-compiled, and the JIT settings given in the environment.</summary>
internal static class BuildDescription
{
    private static readonly string[] Settings = ["DOTNET_TieredCompilation", "DOTNET_TieredPGO", "DOTNET_TC_QuickJitForLoops", "DOTNET_ReadyToRun"];

    public static string Describe()
    {
        // The library that launches runs stands for all of them: the publish precompiles every assembly alike.
        using var reader = new PEReader(File.OpenRead(typeof(RunLauncher).Assembly.Location));
        var precompiled = reader.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory.Size > 0;
        var settings = Settings.Where(s => Environment.GetEnvironmentVariable(s) is not null).Select(s => $"{s}={Environment.GetEnvironmentVariable(s)}").ToList();
        return $"build: {(precompiled ? "ReadyToRun (precompiled, as users' artifacts/leviathan)" : "JIT (dotnet build; see the header for the ReadyToRun publish)")}" +
            (settings.Count > 0 ? $"; {string.Join(", ", settings)}" : string.Empty);
    }
}
