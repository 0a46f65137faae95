using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Leviathan.Agents.Control;
using Leviathan.Agents.Loop;
using Leviathan.Agents.Prompts;
using Leviathan.Agents.Tracing;
using Leviathan.Core.Files;
using Leviathan.Core.Plans;
using Leviathan.Core.Runs;
using Leviathan.Core.Tracing;
using Leviathan.Models.Accounting;
using Leviathan.Models.ToolCalls;
using Leviathan.Tools.Contract;
using Leviathan.Tools.Policy;
using Leviathan.Tools.Snapshots;
using Leviathan.Tools.Workspace;
using Microsoft.Extensions.AI;

namespace Leviathan.Agents.Team;

/// <summary>
/// The agent loop, for one run of any team (<see cref="TeamDefinition"/>): the planner writes the TODO list, the worker
/// works it with tools until it calls finish, the orchestrator verifies, the reviewer reviews. Every message, call, result,
/// plan update and verdict is appended to the trace as it happens and made durable at the end of each step.
/// </summary>
internal sealed class TeamLoop
{
    private readonly TeamDefinition _team;
    private readonly string _planRole;
    private readonly string _workRole;
    private readonly string _reviewRole;
    private readonly TeamRunContext _run;
    private readonly TeamOptions _options;
    private readonly TeamDependencies _deps;
    private readonly ITraceWriter _writer;
    private readonly Guid _runId;
    private readonly TeamSignals _signals = new();
    private readonly StuckDetector _stuck;
    private readonly ToolContext _context;
    private readonly WorkspaceStateFolder _state;
    private readonly WorkspaceSnapshotStore? _snapshots;
    private readonly Dictionary<string, GatedToolInvoker> _invokers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ChatOptions> _chatOptions = new(StringComparer.Ordinal);
    private readonly List<string> _observations = [];
    private readonly long _started;
    private IReadOnlyList<PlanItem>? _promptPlan;
    private Task<int>? _startCheckpoint;
    private int _steps;
    private int _toolCalls;
    private bool _intervened;
    private string _verification = "not run";

    public TeamLoop(TeamDefinition team, TeamOptions options, TeamDependencies deps, ITraceWriter writer)
    {
        _team = team;
        _planRole = team.Planner.Name;
        _workRole = team.Worker.Name;
        _reviewRole = team.Reviewer.Name;
        _options = options;
        _deps = deps;
        _writer = writer;
        _runId = writer.RunId;
        _stuck = new StuckDetector(options.StuckThreshold);
        _started = deps.Time.GetTimestamp();
        var workspace = new WorkspaceRoot(options.Workspace);
        _context = new ToolContext(workspace) { Time = deps.Time, Commands = deps.Commands };
        _state = WorkspaceStateFolder.For(deps.Home, workspace.FullPath);
        _snapshots = deps.Snapshots ? new WorkspaceSnapshotStore(_state, deps.Time) : null;

        _run = new TeamRunContext(options, _context, deps.Commands, new TeamControlTools(_signals, WasObserved), deps.Home);
        AddRole(team.Planner, "todo_write");
        AddRole(team.Worker, "finish");
        AddRole(team.Reviewer, "verdict");
    }

    public RunUsage Usage
    {
        get
        {
            var totals = _deps.Ledger.Totals;
            return new RunUsage(totals.InputTokens, totals.OutputTokens, totals.CostUsd, _steps, _deps.Time.GetElapsedTime(_started));
        }
    }

    public IReadOnlyList<string> FilesChanged { get; private set; } = [];

    public string Verification => _verification;

    /// <summary>Runs the team until the run ends; returns the status and reason.</summary>
    public async Task<(RunStatus Status, string Reason)> ExecuteAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_snapshots is { } snapshots)
            {
                // Taken beside the first model call rather than before it: nothing changes the workspace until a model has
                // answered, and each turn waits for this checkpoint before it runs a tool. When many runs start together, each
                // reaches its model without the checkpoints of the runs ahead of it.
                _startCheckpoint = Task.Run(() => snapshots.CheckpointAsync("run start", cancellationToken), cancellationToken);
            }

            await PlanAsync(cancellationToken).ConfigureAwait(false);
            return await WorkAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RunEndedException ended)
        {
            return (ended.Status, ended.Message);
        }
        catch (BudgetExhaustedException ex)
        {
            return (RunStatus.BudgetExhausted, ex.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (RunStatus.Cancelled, _options.CancelledBecause());
        }
        finally
        {
            var diff = await FinalDiffAsync().ConfigureAwait(false);
            FilesChanged = ChangedFiles(diff);
            await RecordPatchAsync(diff).ConfigureAwait(false);
        }
    }

    /// <summary>Offers the role its tools; a role without the control tool the loop waits for could never end its part.</summary>
    private void AddRole(TeamRole definition, string requiredTool)
    {
        var role = definition.Name;
        var set = new ToolSet(definition.Tools(_run));
        if (!set.Definitions.Any(d => d.Name == requiredTool))
        {
            throw new InvalidOperationException($"team '{_team.Name}': the role '{role}' is not offered {requiredTool}, which the loop needs from it (add TeamRunContext.Control's tool to its tools)");
        }

        _invokers[role] = new GatedToolInvoker(set, _deps.Gate, _snapshots, _team.MutatingTools) { Network = _options.Network };
        _chatOptions[role] = new ChatOptions
        {
            Tools = [.. set.Definitions.Select(d => (AITool)AIFunctionFactory.CreateDeclaration(d.Name, d.Description, System.Text.Json.JsonSerializer.SerializeToElement(d.InputSchema)))],
        };
    }

    private async Task PlanAsync(CancellationToken cancellationToken)
    {
        _planner = Start(_planRole, _team.Planner.Prompt.Render(PromptValues()), _team.FirstPlannerMessage(_run));
        await ConsultPlannerAsync(requirePlan: true, cancellationToken).ConfigureAwait(false);
    }

    private Conversation? _planner;

    private async Task<bool> ConsultPlannerAsync(bool requirePlan, CancellationToken cancellationToken)
    {
        var conversation = _planner!;
        for (var turn = 0; turn < _options.MaxTurnsPerConsultation; turn++)
        {
            var result = await TurnAsync(_planRole, conversation, cancellationToken).ConfigureAwait(false);
            if (_signals.PlanWritten)
            {
                await SavePlanAsync(_planRole, cancellationToken).ConfigureAwait(false);
                _signals.ClearTurn();
                return true;
            }

            if (result.Calls == 0)
            {
                if (!requirePlan)
                {
                    return false;
                }

                Say(_planRole, conversation, "Write the TODO list now with todo_write.");
            }
        }

        if (requirePlan)
        {
            throw new RunEndedException(RunStatus.Stuck, string.Create(CultureInfo.InvariantCulture, $"the {_planRole} wrote no TODO list in {_options.MaxTurnsPerConsultation} turns") + NoCallsHint());
        }

        return false;
    }

    private async Task<(RunStatus, string)> WorkAsync(CancellationToken cancellationToken)
    {
        var worker = Start(_workRole, WorkerPrompt(), "Start working on the TODO list.");
        var refusals = 0;
        var verifyFailures = 0;
        var rejections = 0;
        var failedSteps = 0;
        var sinceRecheck = 0;
        while (true)
        {
            if (!ReferenceEquals(_promptPlan, _signals.Plan))
            {
                worker.Replace(0, new ChatMessage(ChatRole.System, WorkerPrompt()));
            }

            // The verification's sandbox is made while the worker's model thinks: a finished step is verified without waiting for one.
            _team.Verifier.Prepare(_run);
            var turn = await TurnAsync(_workRole, worker, cancellationToken).ConfigureAwait(false);
            sinceRecheck++;
            if (_signals.PlanWritten)
            {
                await SavePlanAsync(_workRole, cancellationToken).ConfigureAwait(false);
            }

            var refusal = _signals.Refusal;
            var finish = _signals.FinishSummary;
            _signals.ClearTurn();

            if (turn.Calls == 0)
            {
                Say(_workRole, worker, "Act through tool calls: use the tools to make progress, call finish when the work is done, or refuse_plan with evidence.");
            }

            failedSteps = turn.FirstError is null ? 0 : failedSteps + 1;
            if (_stuck.Record(turn.Action, turn.Observation, turn.FirstError) is { } pattern)
            {
                // The intervention is this turn's correction; a planner re-check on top would only add noise.
                Intervene(_workRole, worker, pattern, "Step back, read the error or the files again, and try a different approach.");
                failedSteps = 0;
            }

            if (refusal is { } refused)
            {
                refusals++;
                if (refusals >= 2)
                {
                    throw new RunEndedException(RunStatus.Refused, $"the {_workRole} refused the revised plan: {refused.Reason} — evidence: {Shorten(refused.Evidence, 500)}");
                }

                Say(_planRole, _planner!, $"The {_workRole} refused the plan.\nReason: {refused.Reason}\nEvidence:\n{refused.Evidence}\nRevise the TODO list with todo_write so that it can be done.");
                await ConsultPlannerAsync(requirePlan: true, cancellationToken).ConfigureAwait(false);
                Say(_workRole, worker, $"The {_planRole} revised the TODO list after your refusal:\n" + TodoText.Render(_signals.Plan));
                sinceRecheck = 0;
                continue;
            }

            if (finish is not null)
            {
                var (ran, verification) = await VerifyAsync(cancellationToken).ConfigureAwait(false);
                if (!verification.Passed)
                {
                    verifyFailures++;
                    if (verifyFailures >= _options.MaxVerifyAttempts)
                    {
                        throw new RunEndedException(RunStatus.FailedVerification, string.Create(CultureInfo.InvariantCulture, $"verification failed {verifyFailures} times; last: {_verification}"));
                    }

                    Say(_workRole, worker, "Verification failed, so the work is not done.\n" + verification.Report + "\nFix the problem, then call finish again.");
                    failedSteps++;
                }
                else
                {
                    var (accept, reasons) = await ReviewAsync(verification, cancellationToken).ConfigureAwait(false);
                    if (accept)
                    {
                        // When nothing was run to prove the change the reason says so, never "passed".
                        return (RunStatus.Succeeded, (ran ? $"verification passed and the {_reviewRole} accepted: " : $"not verified: accepted by the {_reviewRole}: ") + string.Join("; ", reasons));
                    }

                    rejections++;
                    if (rejections >= _options.MaxCriticRejections)
                    {
                        throw new RunEndedException(RunStatus.FailedVerification, $"the {_reviewRole} rejected the change {rejections} times: {string.Join("; ", reasons)}");
                    }

                    Say(_workRole, worker, $"The {_reviewRole} rejected the change:\n- " + string.Join("\n- ", reasons) + "\nAddress this, then call finish again.");
                }
            }

            var recheckDue = _options.PlannerRecheckEvery > 0 && sinceRecheck >= _options.PlannerRecheckEvery;
            if (recheckDue || failedSteps >= _options.FailuresBeforeRecheck)
            {
                var why = recheckDue
                    ? string.Create(CultureInfo.InvariantCulture, $"Progress check after {sinceRecheck} {_workRole} steps.")
                    : string.Create(CultureInfo.InvariantCulture, $"The {_workRole}'s last {failedSteps} steps failed; the last error was: {Shorten(turn.FirstError ?? _verification, 600)}");
                sinceRecheck = 0;
                failedSteps = 0;
                Say(_planRole, _planner!, why + "\nCurrent TODO list:\n" + TodoText.Render(_signals.Plan) + "\nIf the plan should change, write it with todo_write; otherwise answer in one sentence.");
                if (await ConsultPlannerAsync(requirePlan: false, cancellationToken).ConfigureAwait(false))
                {
                    Say(_workRole, worker, $"The {_planRole} revised the TODO list:\n" + TodoText.Render(_signals.Plan));
                }
            }
        }
    }

    private void Intervene(string role, Conversation conversation, string pattern, string advice)
    {
        if (_intervened)
        {
            throw new RunEndedException(RunStatus.Stuck, "stuck after an intervention: " + pattern + NoCallsHint());
        }

        _intervened = true;
        Report(TeamRoles.Orchestrator, null, "stuck pattern, intervening: " + pattern);
        _stuck.Reset();
        _writer.Append(new NewEvent(EventKind.Error, TeamRoles.Orchestrator, Payloads.Error("stuck pattern detected; intervening", pattern)));
        Say(role, conversation, $"You are repeating yourself: {pattern}. That is not making progress. {advice}");
    }

    private async Task<TurnResult> TurnAsync(string role, Conversation conversation, CancellationToken cancellationToken)
    {
        CheckLimits();
        cancellationToken.ThrowIfCancellationRequested();
        var model = _deps.Models(role);
        FitContext(role, conversation, model.ContextWindow, model.TokenCounter);

        _steps++;
        Report(role, null, "thinking", TeamProgressKind.ModelCall);
        var started = _deps.Time.GetTimestamp();
        var response = await model.Client.GetResponseAsync(conversation.Messages, conversation.Options, cancellationToken).ConfigureAwait(false);
        if (_startCheckpoint is { } checkpoint)
        {
            // No tool runs before the run's start is checkpointed (a failed checkpoint ends the run here).
            await checkpoint.ConfigureAwait(false);
        }

        var contents = response.Messages.SelectMany(m => m.Contents).ToList();
        var reasoning = string.Concat(contents.OfType<TextReasoningContent>().Select(r => r.Text));
        var message = _writer.Append(new NewEvent(
            EventKind.Message,
            role,
            Payloads.Message("assistant", response.Text, reasoning, response.ModelId, response.Usage?.InputTokenCount, response.Usage?.OutputTokenCount),
            Duration: _deps.Time.GetElapsedTime(started)));
        conversation.AddRange(response.Messages);

        var calls = contents.OfType<FunctionCallContent>().ToList();
        _toolCalls += calls.Count;
        var action = new StringBuilder();
        var observation = new StringBuilder();
        var images = new List<AIContent>();
        string? firstError = null;
        foreach (var call in calls)
        {
            var text = call.GetArgumentsText();
            var malformed = call.HasMalformedArguments();
            var callEvent = _writer.Append(new NewEvent(EventKind.ToolCall, role, Payloads.ToolCall(call.CallId, call.Name, text, malformed, call.GetTextFormat()), message.Id));
            Report(role, call.Name, null, TeamProgressKind.ToolCall, text);
            var callStarted = _deps.Time.GetTimestamp();
            ToolResult result;
            JsonObject? policy = null;
            if (malformed)
            {
                result = ToolResult.Error(call.DescribeArgumentsError()!);
            }
            else
            {
                var gated = await _invokers[role].InvokeAsync(new ToolCall(call.Name, text) { Id = call.CallId }, _context, cancellationToken).ConfigureAwait(false);
                result = gated.Result;
                policy = new JsonObject
                {
                    ["allowed"] = gated.Verdict.Allowed,
                    ["action"] = gated.Verdict.Decision.Action.ToString().ToLowerInvariant(),
                    ["rule"] = gated.Verdict.Decision.RuleId,
                    ["approved_by"] = gated.Verdict.ApprovedBy,
                };
            }

            _writer.Append(new NewEvent(
                EventKind.ToolResult,
                role,
                Payloads.ToolResult(call.CallId, call.Name, result.IsError, result.ExitCode, result.Text, truncated: false, policy, result.StructuredContent),
                callEvent.Id,
                _deps.Time.GetElapsedTime(callStarted)));
            _deps.Progress?.Invoke(Progress(role, call.Name, null, TeamProgressKind.ToolResult, text) with { Output = result.Text, Failed = result.IsError, ExitCode = result.ExitCode });
            conversation.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, result.Text)]));
            if (model.Vision && result.Images.Count > 0)
            {
                images.Add(new TextContent($"Images from {call.Name} ({call.CallId}): {string.Join(", ", result.Images.Select(i => i.Path))}"));
                images.AddRange(result.Images.Select(i => new DataContent(i.Data, i.MediaType) { Name = i.Path }));
            }

            _observations.Add(result.Text);
            action.Append(call.Name).Append(' ').Append(text).Append('\n');
            observation.Append(result.Text).Append('\n');
            if (result.IsError)
            {
                firstError ??= result.Text;
            }
        }

        if (images.Count > 0)
        {
            // Tool messages carry text only; the images follow all of this turn's results as one user message.
            conversation.Add(new ChatMessage(ChatRole.User, images));
        }

        await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        return new TurnResult(calls.Count, action.ToString(), observation.ToString(), firstError);
    }

    /// <summary>Runs the team's verifier; <c>Ran</c> is false when nothing was run to prove the work.</summary>
    private async Task<(bool Ran, TeamVerification Verification)> VerifyAsync(CancellationToken cancellationToken)
    {
        var verifier = _team.Verifier;
        if (verifier.Describe(_run) is not { } what)
        {
            var unverified = await verifier.VerifyAsync(_run, cancellationToken).ConfigureAwait(false);
            _verification = unverified.Summary;
            _deps.Progress?.Invoke(Progress(TeamRoles.Orchestrator, "verify", unverified.Note ?? unverified.Summary, TeamProgressKind.VerificationResult, null) with { Failed = !unverified.Passed });
            return (false, unverified);
        }

        Report(TeamRoles.Orchestrator, "verify", what.Description, TeamProgressKind.Verification);
        var callId = "verify-" + _steps.ToString(CultureInfo.InvariantCulture);
        var call = _writer.Append(new NewEvent(EventKind.ToolCall, TeamRoles.Orchestrator, Payloads.ToolCall(callId, "verify", what.ArgumentsJson, malformed: false)));
        var started = _deps.Time.GetTimestamp();
        var result = await verifier.VerifyAsync(_run, cancellationToken).ConfigureAwait(false);
        _verification = result.Summary;
        _deps.Progress?.Invoke(Progress(TeamRoles.Orchestrator, "verify", result.Note ?? result.Summary, TeamProgressKind.VerificationResult, null) with { Output = result.Output, Failed = !result.Passed, ExitCode = result.ExitCode });
        _writer.Append(new NewEvent(
            EventKind.ToolResult,
            TeamRoles.Orchestrator,
            Payloads.ToolResult(callId, "verify", !result.Passed, result.ExitCode, result.Output, truncated: false, policy: null, result.StructuredContent),
            call.Id,
            _deps.Time.GetElapsedTime(started)));
        _observations.Add(result.Output);
        await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        return (true, result);
    }

    private async Task<(bool Accept, IReadOnlyList<string> Reasons)> ReviewAsync(TeamVerification verification, CancellationToken cancellationToken)
    {
        var review = new TeamReviewContext(
            _run,
            verification,
            _signals.Plan,
            TodoText.Render(_signals.Plan),
            ct => _snapshots is null ? Task.FromResult("(no snapshots were taken)") : RunDiffAsync(ct));
        var material = await _team.ReviewMaterial(review, cancellationToken).ConfigureAwait(false);
        var reviewer = Start(_reviewRole, _team.Reviewer.Prompt.Render(PromptValues()), material, review.Images);
        for (var turn = 0; turn < _options.MaxTurnsPerConsultation; turn++)
        {
            var result = await TurnAsync(_reviewRole, reviewer, cancellationToken).ConfigureAwait(false);
            if (_signals.Verdict is { } verdict)
            {
                _signals.ClearTurn();
                _deps.Progress?.Invoke(Progress(_reviewRole, "verdict", string.Join("; ", verdict.Reasons), TeamProgressKind.Verdict, null) with { Failed = !verdict.Accept });
                await _writer.AppendDurableAsync(new NewEvent(EventKind.Verdict, _reviewRole, Payloads.Verdict(verdict.Accept, verdict.Reasons)), cancellationToken).ConfigureAwait(false);
                return verdict;
            }

            if (result.Calls == 0)
            {
                Say(_reviewRole, reviewer, "Call verdict with accept and reasons.");
            }
        }

        throw new RunEndedException(RunStatus.Stuck, string.Create(CultureInfo.InvariantCulture, $"the {_reviewRole} gave no verdict in {_options.MaxTurnsPerConsultation} turns") + NoCallsHint());
    }

    private async Task SavePlanAsync(string role, CancellationToken cancellationToken)
    {
        var plan = _writer.Append(new NewEvent(EventKind.PlanUpdate, role, Payloads.Plan(_signals.Plan)));
        await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        await _deps.Store.SavePlanAsync(_runId, _signals.Plan, plan.Sequence, cancellationToken).ConfigureAwait(false);
        // The host-side copy lives in the workspace's state folder under the Leviathan home: a file in the workspace
        // could be a link, planted by a sandboxed command, to any file the host may write.
        var todo = _state.Create().TodoFile;
        await AtomicFile.WriteAllTextAsync(todo, "# TODO\n\n" + TodoText.Render(_signals.Plan) + "\n", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts a role's conversation; <paramref name="images"/> go with the first message when the role's model can see (otherwise the text must describe them).</summary>
    private Conversation Start(string role, string system, string user, IReadOnlyList<ToolImage>? images = null)
    {
        _writer.Append(new NewEvent(EventKind.Message, role, Payloads.Message("system", system)));
        _writer.Append(new NewEvent(EventKind.Message, role, Payloads.Message("user", user)));
        var conversation = new Conversation(_chatOptions[role]);
        conversation.Add(new ChatMessage(ChatRole.System, system));
        if (images is { Count: > 0 } && _deps.Models(role).Vision)
        {
            var names = string.Join(", ", images.Select(i => i.Path));
            _writer.Append(new NewEvent(EventKind.Thought, TeamRoles.Orchestrator, Payloads.Thought($"showed the {role} {images.Count} image(s) with its first message: {names}")));
            conversation.Add(new ChatMessage(ChatRole.User, [new TextContent(user), new TextContent("Images: " + names), .. images.Select(i => new DataContent(i.Data, i.MediaType) { Name = i.Path })]));
        }
        else
        {
            conversation.Add(new ChatMessage(ChatRole.User, user));
        }

        return conversation;
    }

    /// <summary>
    /// Trims the conversation into the model's window and records what was dropped. Overflows (the recent messages alone
    /// did not fit) count towards stuck detection; a conversation that cannot fit at all is never sent.
    /// </summary>
    private void FitContext(string role, Conversation conversation, int contextWindow, ITokenCounter? counter)
    {
        var images = ContextTrimmer.DropOldImages(conversation, _options.KeepImages);
        if (images.Count > 0)
        {
            _writer.Append(new NewEvent(EventKind.Thought, TeamRoles.Orchestrator, Payloads.Thought(
                string.Create(CultureInfo.InvariantCulture, $"removed {images.Count} old image(s) from the {role}'s context, keeping the {_options.KeepImages} most recent"), images)));
        }

        var trim = ContextTrimmer.Trim(conversation, contextWindow, counter);
        RecordTrim(role, trim, contextWindow);
        if (trim.Overflowed && _stuck.RecordOverflow() is { } overflow)
        {
            Intervene(role, conversation, overflow, "Read smaller pieces: a line range of a file, a search, or a command whose output is filtered, instead of whole files or long outputs.");
            trim = ContextTrimmer.Trim(conversation, contextWindow, counter);
            RecordTrim(role, trim, contextWindow);
        }

        if (!trim.Fits)
        {
            throw new RunEndedException(RunStatus.Error, string.Create(
                CultureInfo.InvariantCulture,
                $"the {role}'s prompt does not fit the model's context window of {contextWindow} tokens even with every old message dropped ({trim.EstimatedTokens} tokens estimated, at most {trim.Limit} allowed); use a profile with a larger context_window"));
        }
    }

    private void RecordTrim(string role, TrimResult trim, int contextWindow)
    {
        if (trim.Dropped.Count > 0)
        {
            _writer.Append(new NewEvent(EventKind.Thought, TeamRoles.Orchestrator, Payloads.Thought(
                string.Create(CultureInfo.InvariantCulture, $"trimmed the {role}'s context to fit {contextWindow} tokens ({trim.EstimatedTokens} estimated, limit {trim.Limit}){(trim.Overflowed ? "; the recent messages alone did not fit (context overflow)" : string.Empty)}"), trim.Dropped)));
        }
    }

    private void Say(string role, Conversation conversation, string text)
    {
        _writer.Append(new NewEvent(EventKind.Message, role, Payloads.Message("user", text)));
        conversation.Add(new ChatMessage(ChatRole.User, text));
    }

    private string WorkerPrompt()
    {
        _promptPlan = _signals.Plan;
        var values = PromptValues();
        values["todo"] = TodoText.Render(_signals.Plan);
        return _team.Worker.Prompt.Render(values);
    }

    private Dictionary<string, string> PromptValues()
    {
        var values = new Dictionary<string, string>(_team.PromptValues(_options), StringComparer.Ordinal);
        values["goal"] = _options.Goal;
        return values;
    }

    private bool WasObserved(string evidence)
    {
        var needle = Normalize(evidence);
        return _observations.Any(o => Normalize(o).Contains(needle, StringComparison.Ordinal));

        static string Normalize(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    private void CheckLimits()
    {
        var budget = _options.Budget;
        if (budget.MaxSteps is { } maxSteps && _steps >= maxSteps)
        {
            throw new RunEndedException(RunStatus.BudgetExhausted, string.Create(CultureInfo.InvariantCulture, $"step limit reached: {_steps} of {maxSteps} steps used"));
        }

        if (budget.MaxWallTime is { } maxWall && _deps.Time.GetElapsedTime(_started) >= maxWall)
        {
            throw new RunEndedException(RunStatus.BudgetExhausted, string.Create(CultureInfo.InvariantCulture, $"wall-clock limit reached: {maxWall.TotalSeconds:0} s"));
        }
    }

    private void Report(string role, string? tool, string? note, TeamProgressKind kind = TeamProgressKind.Note, string? arguments = null)
    {
        if (_deps.Progress is { } progress)
        {
            progress(Progress(role, tool, note, kind, arguments));
        }
    }

    private TeamProgress Progress(string role, string? tool, string? note, TeamProgressKind kind, string? arguments)
    {
        var totals = _deps.Ledger.Totals;
        return new TeamProgress(role, _steps, tool, totals.TotalTokens, totals.CostUsd, note) { Kind = kind, Arguments = arguments };
    }

    /// <summary>What this run changed: the checkpoint taken at its start against the workspace now (not the workspace's whole history).</summary>
    private async Task<string> RunDiffAsync(CancellationToken cancellationToken)
    {
        if (_startCheckpoint is not { } checkpoint)
        {
            return "(no diff: the run's start was not checkpointed)";
        }

        var start = await checkpoint.ConfigureAwait(false);
        try
        {
            return await _snapshots!.DiffSinceAsync(start, cancellationToken).ConfigureAwait(false);
        }
        catch (SnapshotException ex)
        {
            return "(no diff: " + ex.Message + ")";
        }
    }

    /// <summary>The run's whole change, from its start checkpoint to the workspace as it ends; empty when nothing changed or there are no snapshots.</summary>
    private async Task<string> FinalDiffAsync()
    {
        if (_startCheckpoint is not { } checkpoint)
        {
            return string.Empty;
        }

        try
        {
            return await _snapshots!.DiffSinceAsync(await checkpoint.ConfigureAwait(false), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SnapshotException or OperationCanceledException)
        {
            // The start checkpoint failed or was cancelled (the run may have ended before a turn waited for it), or the diff failed.
            return string.Empty;
        }
    }

    /// <summary>Why a run is stuck when the model never made a tool call: most often the server does not return them as expected.</summary>
    private string NoCallsHint() => _toolCalls > 0 ? string.Empty
        : "; the model made no tool call in this run: 'leviathan models ping' shows how the server returns tool calls and which tool_calls setting to use";

    private static IReadOnlyList<string> ChangedFiles(string diff) =>
        [.. diff.Split('\n')
            .Where(l => l.StartsWith("diff --git a/", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf(" b/", StringComparison.Ordinal) + 3)..])
            .Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// Keeps the run's diff as the <c>run.patch</c> artifact (content-addressed in the blob store) with an <c>artifact</c>
    /// event, so that <c>runs show --diff</c> and <c>git apply</c> have it after the workspace has moved on.
    /// </summary>
    private async Task RecordPatchAsync(string diff)
    {
        if (diff.Trim().Length == 0)
        {
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(diff.EndsWith('\n') ? diff : diff + "\n");
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        var artifact = _writer.Append(new NewEvent(EventKind.Artifact, TeamRoles.Orchestrator, Payloads.Artifact(sha, TeamRunner.PatchName, TeamRunner.PatchMediaType, bytes.Length)));
        await _writer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        using var content = new MemoryStream(bytes, writable: false);
        await _deps.Store.AddArtifactAsync(_runId, content, TeamRunner.PatchMediaType, TeamRunner.PatchName, artifact.Id, CancellationToken.None).ConfigureAwait(false);
        PatchSha256 = sha;
    }

    /// <summary>The SHA-256 of the <c>run.patch</c> artifact; null when the run changed nothing.</summary>
    public string? PatchSha256 { get; private set; }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max] + "…";

    private sealed record TurnResult(int Calls, string Action, string Observation, string? FirstError);
}
