using System.CommandLine;
using Leviathan.Cli.Hosting;

namespace Leviathan.Cli.Commands;

/// <summary>
/// Every top-level command. Each area keeps its commands in its own file here and adds one line below.
/// </summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> Create(CliEnvironment environment) =>
    [
        RunCommand.Create(environment),
        RunsCommands.Create(environment),
        SimCommands.Create(environment),
        EditCommands.Create(environment),
        CadCommands.Create(environment),
        BenchCommands.Create(environment),
        ModelsCommands.Create(environment),
        SandboxCommands.Create(environment),
        WorkspaceCommands.Create(environment),
        ConfigCommands.Create(environment),
        EvalCommands.Create(environment),
        ServeCommands.Create(environment),
        KeysCommands.Create(environment),
        BackupCommands.Create(environment),
    ];
}
