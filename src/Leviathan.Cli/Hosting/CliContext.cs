using System.Collections;
using System.CommandLine;
using Leviathan.Cli.Configuration;
using Leviathan.Tools.Workspace;
using Spectre.Console;

namespace Leviathan.Cli.Hosting;

/// <summary>
/// What every command needs: the home folder, the layered configuration, the consoles and the clock.
/// Created per invocation from the parse result.
/// </summary>
internal sealed class CliContext
{
    private readonly Dictionary<string, string?> _overrides = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lazy<IAnsiConsole> _out;
    private LeviathanConfig? _config;

    public CliContext(CliEnvironment environment, ParseResult parseResult)
    {
        Environment = environment;
        ParseResult = parseResult;
        Verbose = parseResult.GetValue(GlobalOptions.Verbose);
        Home = ResolveHome(parseResult.GetValue(GlobalOptions.Home), environment.Variables);
        _out = new Lazy<IAnsiConsole>(() => CreateConsole(environment));
    }

    public CliEnvironment Environment { get; }

    public ParseResult ParseResult { get; }

    public bool Verbose { get; }

    /// <summary>The folder that holds leviathan.db, blobs/ and config.yaml.</summary>
    public string Home { get; }

    /// <summary>The rich console, created on first use: commands that print plain text skip its terminal detection.</summary>
    public IAnsiConsole Out => _out.Value;

    public TextWriter Stdout => Environment.Stdout;

    public TextWriter Stderr => Environment.Stderr;

    public TimeProvider Time => Environment.Time;

    /// <summary>The configuration, loaded on first use so that commands without it never read the file.</summary>
    public LeviathanConfig Config => _config ??= LeviathanConfig.Load(Home, Environment.WorkingDirectory, Environment.Variables, _overrides);

    /// <summary>Where Leviathan keeps its own state about a workspace (snapshots, TODO copy): under <see cref="Home"/>, never inside the workspace.</summary>
    /// <exception cref="CliException">The home is inside the workspace.</exception>
    public WorkspaceStateFolder WorkspaceState(string workspace)
    {
        try
        {
            return WorkspaceStateFolder.For(Home, workspace);
        }
        catch (InvalidOperationException ex)
        {
            throw CliException.Usage(ex.Message, "pass --home with a folder outside the workspace");
        }
        catch (DirectoryNotFoundException ex)
        {
            throw CliException.Usage(ex.Message, "give an existing workspace folder");
        }
    }

    /// <summary>A command-line option that overrides a configuration key; call before reading <see cref="Config"/>.</summary>
    public void Override(string key, string? value)
    {
        if (value is not null)
        {
            _overrides[key] = value;
            _config = null;
        }
    }

    private static IAnsiConsole CreateConsole(CliEnvironment environment)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(environment.Stdout),
            Ansi = environment.Ansi ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = environment.Ansi ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = environment.Ansi ? InteractionSupport.Detect : InteractionSupport.No,
        });

        // Redirected output has no terminal width: keep tables whole instead of wrapping at 80 columns.
        if (!environment.Ansi)
        {
            console.Profile.Width = 240;
        }

        return console;
    }

    private static string ResolveHome(string? option, IReadOnlyDictionary<string, string?> variables)
    {
        var home = option;
        if (string.IsNullOrWhiteSpace(home))
        {
            variables.TryGetValue("LEVIATHAN_HOME", out home);
        }

        if (string.IsNullOrWhiteSpace(home))
        {
            variables.TryGetValue("HOME", out var userHome);
            home = Path.Combine(
                string.IsNullOrWhiteSpace(userHome) ? System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile) : userHome,
                ".leviathan");
        }

        return Path.GetFullPath(home);
    }
}

/// <summary>
/// The process-level surroundings of one invocation; tests pass their own. <c>StderrIsTerminal</c>: stderr is an
/// interactive terminal, where <c>run</c> shows a live status line instead of appending lines. <c>JitProfiles</c>: the
/// invocation owns its process, so <c>eval run</c> may start the runtime's multi-core JIT profile for it (not in a test host).
/// </summary>
internal sealed record CliEnvironment(
    TextWriter Stdout,
    TextWriter Stderr,
    TimeProvider Time,
    IReadOnlyDictionary<string, string?> Variables,
    bool Ansi,
    string WorkingDirectory,
    bool StderrIsTerminal = false,
    bool JitProfiles = false)
{
    public static IReadOnlyDictionary<string, string?> ProcessVariables() =>
        System.Environment.GetEnvironmentVariables()
            .Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);
}
