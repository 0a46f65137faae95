using System.Globalization;
using System.Text;
using Leviathan.Tools.Contract;

namespace Leviathan.Tools.Sandbox;

/// <summary>
/// <c>run_command {command, timeout_s?}</c>: runs a shell line in the workspace through the context's
/// command runner (the sandbox). A non-zero exit, a timeout or a limit hit is an error result the model reads.
/// </summary>
public sealed class RunCommandTool : Tool<RunCommandArguments>
{
    /// <summary>The tool's name.</summary>
    public const string ToolName = "run_command";

    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(120);
    private readonly bool _network;

    /// <param name="network">Whether commands may reach the network (granted per run).</param>
    public RunCommandTool(bool network = false)
        : base(
            ToolName,
            "Run a shell command in the workspace (sandboxed: only the workspace is writable, "
            + (network ? "the network is available" : "there is no network")
            + "). Returns the exit code, stdout and stderr. Long output keeps its head and tail.")
    {
        _network = network;
    }

    /// <inheritdoc />
    protected override async Task<ToolResult> HandleAsync(RunCommandArguments arguments, ToolContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(context);
        if (context.Commands is null)
        {
            throw new ToolRefusedException("run_command is not available in this context: no command runner (sandbox) was given.");
        }

        var timeout = arguments.TimeoutS is { } seconds ? TimeSpan.FromSeconds(seconds) : DefaultTimeout;
        if (timeout > context.Options.MaxCommandTimeout)
        {
            timeout = context.Options.MaxCommandTimeout;
        }

        var result = await context.Commands.RunAsync(
            new CommandRequest(["/bin/sh", "-c", arguments.Command], context.Workspace.FullPath, timeout) { Network = _network },
            cancellationToken).ConfigureAwait(false);
        return new ToolResult
        {
            Text = Format(result),
            IsError = result.ExitCode != 0,
            ExitCode = result.ExitCode,
        };
    }

    internal static string Format(CommandResult result)
    {
        var text = new StringBuilder();
        if (result.Notice is not null)
        {
            text.Append(result.Notice).Append('\n');
        }

        text.Append(CultureInfo.InvariantCulture, $"exit code: {result.ExitCode}\n");
        if (result.Stdout.Length > 0)
        {
            text.Append("--- stdout ---\n").Append(result.Stdout);
            if (!result.Stdout.EndsWith('\n'))
            {
                text.Append('\n');
            }
        }

        if (result.Stderr.Length > 0)
        {
            text.Append("--- stderr ---\n").Append(result.Stderr);
            if (!result.Stderr.EndsWith('\n'))
            {
                text.Append('\n');
            }
        }

        if (result.Stdout.Length == 0 && result.Stderr.Length == 0)
        {
            text.Append("(no output)\n");
        }

        return text.ToString();
    }
}
