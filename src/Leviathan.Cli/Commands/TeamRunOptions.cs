using System.CommandLine;
using Leviathan.Cli.Hosting;
using Leviathan.Core.Runs;

namespace Leviathan.Cli.Commands;

/// <summary>
/// The options of the commands that launch a physics team (<c>bench attempt</c>, <c>bench create</c>): the model profile,
/// the run limits, a cassette to replay or record, approvals and <c>--json</c>; and the <see cref="TeamLaunch"/> they make.
/// </summary>
internal sealed class TeamRunOptions
{
    private readonly Option<int?> _maxSteps;
    private readonly Option<long?> _budgetTokens;
    private readonly Option<decimal?> _budgetUsd;
    private readonly Option<double?> _maxMinutes;

    public TeamRunOptions(string json)
    {
        (_maxSteps, _budgetTokens, _budgetUsd, _maxMinutes) = RunLimitOptions.Create();
        Json = new Option<bool>("--json") { Description = json };
    }

    public Option<string?> Profile { get; } = new("--profile") { Description = "The model profile every role uses (default: the role routes, else 'default')" };

    public Option<string?> Replay { get; } = new("--replay-cassette") { Description = "Serve the model's side from this recorded cassette; no model server is contacted" };

    public Option<string?> Record { get; } = new("--record-cassette") { Description = "Record every model exchange to this cassette" };

    public Option<bool> ApproveAll { get; } = new("--approve-all") { Description = "Approve tool calls that policy rules mark 'confirm' (otherwise they are refused)" };

    public Option<bool> Json { get; }

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Profile, _maxSteps, _budgetTokens, _budgetUsd, _maxMinutes, Replay, Record, ApproveAll, Json })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The given limits (checked) and how the run reaches its model.</summary>
    /// <exception cref="CliException">A limit is out of range, or a cassette is both replayed and recorded.</exception>
    public (RunBudget Budget, TeamLaunch Launch) Launch(CliContext context)
    {
        var parse = context.ParseResult;
        if (parse.GetValue(Replay) is not null && parse.GetValue(Record) is not null)
        {
            throw CliException.Usage("--replay-cassette and --record-cassette cannot be used together", "replay an existing cassette, or record a new one against a live endpoint");
        }

        var budget = RunLimitOptions.Given(parse, _maxSteps, _budgetTokens, _budgetUsd, _maxMinutes);
        var launch = new TeamLaunch(
            parse.GetValue(Profile),
            parse.GetValue(Replay) is { } replay ? Path.GetFullPath(replay, context.Environment.WorkingDirectory) : null,
            parse.GetValue(Record) is { } record ? Path.GetFullPath(record, context.Environment.WorkingDirectory) : null,
            parse.GetValue(ApproveAll))
        {
            Limits = budget,
            ProfileLimits = true,

            // With --json the command prints one JSON object of its own; the run's table would break it.
            Summary = !parse.GetValue(Json),
        };
        return (budget, launch);
    }
}
