using System.CommandLine;
using Leviathan.Cli.Commands;
using Leviathan.Cli.Hosting;

namespace Leviathan.Cli;

/// <summary>The <c>leviathan</c> command: builds the command tree and runs one invocation.</summary>
internal static class CliApp
{
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, TimeProvider time) =>
        RunAsync(
            args,
            new CliEnvironment(
                stdout,
                stderr,
                time,
                CliEnvironment.ProcessVariables(),
                Ansi: !Console.IsOutputRedirected && System.Environment.GetEnvironmentVariable("NO_COLOR") is null,
                Directory.GetCurrentDirectory(),
                StderrIsTerminal: !Console.IsErrorRedirected && System.Environment.GetEnvironmentVariable("TERM") is not (null or "dumb"),
                JitProfiles: true),
            CancellationToken.None);

    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancellationToken)
    {
        var root = BuildRoot(environment);
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            var usage = $"run '{string.Join(' ', ["leviathan", .. CommandPath(parseResult), "--help"])}' for usage";
            if (CommandExtensions.WantsJsonErrors(parseResult))
            {
                CommandExtensions.WriteJsonError(environment.Stdout, string.Join("; ", parseResult.Errors.Select(e => e.Message)), usage, ExitCodes.Usage);
            }

            foreach (var error in parseResult.Errors)
            {
                await environment.Stderr.WriteLineAsync($"error: {error.Message}");
            }

            await environment.Stderr.WriteLineAsync($"hint: {usage}");
            return ExitCodes.Usage;
        }

        return await parseResult.InvokeAsync(
            new InvocationConfiguration { Output = environment.Stdout, Error = environment.Stderr },
            cancellationToken);
    }

    public static RootCommand BuildRoot(CliEnvironment environment)
    {
        var root = new RootCommand("Leviathan: verifiable autonomous engineering agents. Every run is recorded, verified and replayable.");
        foreach (var option in root.Options.OfType<VersionOption>())
        {
            // The default reads the entry assembly, which is the test host under tests.
            option.Action = new PrintVersionAction();
        }

        root.Options.Add(GlobalOptions.Home);
        root.Options.Add(GlobalOptions.Verbose);
        root.Options.Add(GlobalOptions.CreateDirs);
        foreach (var command in CommandCatalog.Create(environment))
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    private static IEnumerable<string> CommandPath(ParseResult parseResult)
    {
        var names = new List<string>();
        for (var result = parseResult.CommandResult; result.Parent is System.CommandLine.Parsing.CommandResult parent; result = parent)
        {
            names.Insert(0, result.Command.Name);
        }

        return names;
    }
}
