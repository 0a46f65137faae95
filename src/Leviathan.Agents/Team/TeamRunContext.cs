using Leviathan.Tools.Contract;
using Leviathan.Tools.Workspace;

namespace Leviathan.Agents.Team;

/// <summary>What a team definition builds its tools, messages and verification from, for one run.</summary>
public sealed class TeamRunContext
{
    internal TeamRunContext(TeamOptions options, ToolContext tools, ICommandRunner commands, TeamControlTools control, string home)
    {
        Options = options;
        Tools = tools;
        Commands = commands;
        Control = control;
        Home = home;
    }

    /// <summary>The task and its limits.</summary>
    public TeamOptions Options { get; }

    /// <summary>The workspace: the agents' only writable place.</summary>
    public WorkspaceRoot Workspace => Tools.Workspace;

    /// <summary>What the tools run with (workspace, sandbox, clock).</summary>
    public ToolContext Tools { get; }

    /// <summary>Runs commands in the sandbox.</summary>
    public ICommandRunner Commands { get; }

    /// <summary>The loop's control tools (TODO list, finish, refuse_plan, verdict), tied to this run.</summary>
    public TeamControlTools Control { get; }

    /// <summary>The Leviathan home (host-side state lives under it, never in the workspace).</summary>
    public string Home { get; }

    /// <summary>The clock.</summary>
    public TimeProvider Time => Tools.Time;
}
