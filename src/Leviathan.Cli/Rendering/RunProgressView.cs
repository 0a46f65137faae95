using System.Globalization;
using System.Text.Json;
using Leviathan.Agents.Team;
using Leviathan.Cli.Hosting;
using Leviathan.Models.Resilience;
using Spectre.Console;

namespace Leviathan.Cli.Rendering;

/// <summary>
/// The live view of <c>leviathan run</c> on stderr: one line per thing that happened (the command and its exit code, the
/// file and lines edited, failures marked, the verification result, the verdict, model retries), and a running timer
/// during model calls. On a terminal the current activity is a Spectre.Console status line under the finished lines;
/// redirected, lines are appended as they are (a line every 30 s says a long model call is still running).
/// </summary>
internal sealed class RunProgressView : IDisposable
{
    private static readonly TimeSpan PlainTick = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PlainEvery = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LiveTick = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly TextWriter _plain;
    private readonly IAnsiConsole? _live;
    private readonly TimeProvider _time;
    private readonly int _width;
    private ITimer? _timer;
    private StatusContext? _status;
    private string _activity = "starting";
    private long _activityStarted;
    private bool _modelCall;
    private TimeSpan _announced;
    private TeamProgress? _last;

    private RunProgressView(TextWriter plain, IAnsiConsole? live, TimeProvider time, int width)
    {
        _plain = plain;
        _live = live;
        _time = time;
        _width = width;
        _activityStarted = time.GetTimestamp();
    }

    /// <summary>A live view when stderr is a terminal, plain appended lines otherwise.</summary>
    public static RunProgressView Create(CliContext context)
    {
        var environment = context.Environment;
        if (!environment.StderrIsTerminal)
        {
            return new RunProgressView(environment.Stderr, null, context.Time, 0);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(environment.Stderr),
            Ansi = AnsiSupport.Detect,
            ColorSystem = ColorSystemSupport.Detect,
            Interactive = InteractionSupport.Detect,
        });
        return new RunProgressView(environment.Stderr, console, context.Time, Math.Max(60, console.Profile.Width));
    }

    /// <summary>Runs <paramref name="work"/> under the live status line (or without one when redirected).</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> work)
    {
        if (_live is null)
        {
            _timer = _time.CreateTimer(_ => Tick(), null, PlainTick, PlainTick);
            return await work();
        }

        return await _live.Status().Spinner(Spinner.Known.Dots).StartAsync(_activity, async status =>
        {
            lock (_gate)
            {
                _status = status;
            }

            _timer = _time.CreateTimer(_ => Tick(), null, LiveTick, LiveTick);
            try
            {
                return await work();
            }
            finally
            {
                StopTimer();
            }
        });
    }

    /// <summary>A line of the run header, or any other plain line.</summary>
    public void WriteLine(string line)
    {
        lock (_gate)
        {
            if (_live is null)
            {
                _plain.WriteLine(line);
            }
            else
            {
                _live.WriteLine(line);
            }
        }
    }

    /// <summary>A log line (already formatted).</summary>
    public void Log(string line) => Write(new Line(null, "  " + line, Failed: line.StartsWith("error", StringComparison.Ordinal)));

    /// <summary>The model endpoint failed and the call is retried.</summary>
    public void OnRetry(ModelRetryInfo retry)
    {
        ArgumentNullException.ThrowIfNull(retry);
        Write(new Line(
            null,
            string.Create(CultureInfo.InvariantCulture, $"        retry   model endpoint (profile '{retry.Profile}') failed: {Flat(retry.Reason, 160)}; retry {retry.Attempt} in {retry.Delay.TotalSeconds:0.#} s{(retry.FromRetryAfter ? " (the server's Retry-After)" : string.Empty)}"),
            Failed: true));
    }

    public void OnProgress(TeamProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        lock (_gate)
        {
            _last = progress;
            _activityStarted = _time.GetTimestamp();
            _announced = TimeSpan.Zero;
            _modelCall = progress.Kind == TeamProgressKind.ModelCall;
            _activity = progress.Kind switch
            {
                TeamProgressKind.ModelCall => $"{progress.Role} thinking",
                TeamProgressKind.ToolCall => $"{progress.Role}: {progress.Tool} {Flat(Subject(progress.Tool, Parse(progress.Arguments)), 80)}",
                TeamProgressKind.Verification => $"verifying: $ {Flat(progress.Note ?? string.Empty, 80)}",
                _ => _activity,
            };
            UpdateStatus();
        }

        if (Describe(progress) is { } line)
        {
            Write(line);
        }
    }

    public void Dispose() => StopTimer();

    private void StopTimer()
    {
        _timer?.Dispose();
        _timer = null;
    }

    private Line? Describe(TeamProgress p)
    {
        var head = string.Create(CultureInfo.InvariantCulture, $"  [{p.Step,3}] {p.Role,-12} ");
        var cost = string.Create(CultureInfo.InvariantCulture, $"  · {p.Tokens} tok ${p.CostUsd:0.0000}");
        switch (p.Kind)
        {
            case TeamProgressKind.ToolResult when p.Tool == "verdict" && !p.Failed:
                // The verdict line that follows says it all.
                return null;
            case TeamProgressKind.ToolResult:
                var arguments = Parse(p.Arguments);
                var output = p.Output ?? string.Empty;
                var what = p.Tool switch
                {
                    "run_command" => $"$ {Flat(Subject(p.Tool, arguments), 100)} → exit {(p.ExitCode is { } code ? code.ToString(CultureInfo.InvariantCulture) : "?")}",
                    "edit_file" or "write_file" or "apply_patch" when !p.Failed => Flat(FirstLine(output), 160),
                    _ => Flat(Subject(p.Tool, arguments), 120),
                };
                if (p.Failed)
                {
                    what += " — " + Flat(OutputExcerpt.Headline(output), 200);
                }

                return new Line(p, $"{head}{p.Tool,-12} {(p.Failed ? "FAILED" : "ok"),-6} {what}{cost}", p.Failed);
            case TeamProgressKind.VerificationResult:
                var verdict = p.Failed ? "FAILED" : p.ExitCode is null ? "-" : "ok";
                var detail = p.Note ?? string.Empty;
                if (p.Failed && p.Output is { Length: > 0 } verifyOutput)
                {
                    detail += " — " + Flat(OutputExcerpt.Headline(verifyOutput), 200);
                }

                return new Line(p, $"{head}{"verify",-12} {verdict,-6} {Flat(detail, 300)}", p.Failed);
            case TeamProgressKind.Verdict:
                return new Line(p, $"{head}{"verdict",-12} {(p.Failed ? "REJECT" : "accept"),-6} {Flat(p.Note ?? string.Empty, 200)}", p.Failed);
            case TeamProgressKind.Note when p.Note is { } note:
                return new Line(p, $"{head}{"note",-12} {"",-6} {Flat(note, 200)}", Failed: false);
            default:
                return null;
        }
    }

    private void Write(Line line)
    {
        lock (_gate)
        {
            if (_live is null)
            {
                _plain.WriteLine(line.Text);
                return;
            }

            var text = line.Text.Length > _width ? line.Text[..(_width - 1)] + "…" : line.Text;
            _live.MarkupLine(line.Failed ? $"[red]{Markup.Escape(text)}[/]" : Markup.Escape(text).Replace(" ok ", " [green]ok[/] ", StringComparison.Ordinal));
        }
    }

    private void Tick()
    {
        lock (_gate)
        {
            var elapsed = _time.GetElapsedTime(_activityStarted);
            if (_live is not null)
            {
                UpdateStatus();
                return;
            }

            // Redirected output: a line per 30 s of one model call, so a log shows the run is alive and waiting.
            if (_modelCall && _last is { } last && elapsed - _announced >= PlainEvery)
            {
                _announced = TimeSpan.FromSeconds(Math.Floor(elapsed.TotalSeconds / PlainEvery.TotalSeconds) * PlainEvery.TotalSeconds);
                _plain.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  [{last.Step,3}] {last.Role,-12} {"thinking",-12} {"…",-6} still waiting for the model: {elapsed.TotalSeconds:0} s"));
            }
        }
    }

    private void UpdateStatus()
    {
        if (_status is null || _last is not { } last)
        {
            return;
        }

        var elapsed = _time.GetElapsedTime(_activityStarted);
        var text = string.Create(CultureInfo.InvariantCulture, $"[{last.Step}] {_activity} … {elapsed.TotalSeconds:0} s   · {last.Tokens} tok ${last.CostUsd:0.0000}");
        // One line: a status that wraps leaves its first line behind on every refresh.
        var room = Math.Max(20, _width - 4);
        _status.Status(Markup.Escape(text.Length <= room ? text : text[..(room - 1)] + "…"));
    }

    /// <summary>What a call works on, from its arguments: the command, the path, the pattern.</summary>
    private static string Subject(string? tool, JsonElement? arguments)
    {
        if (arguments is not { ValueKind: JsonValueKind.Object } args)
        {
            return string.Empty;
        }

        string? Get(string name) => args.TryGetProperty(name, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText() : null;

        return tool switch
        {
            "run_command" => Get("command") ?? string.Empty,
            "todo_write" => args.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array ? $"{items.GetArrayLength()} items" : string.Empty,
            "finish" => Get("summary") ?? string.Empty,
            "refuse_plan" => Get("reason") ?? string.Empty,
            "verdict" => Get("accept") == "true" ? "accept" : "revise",
            "search_files" => $"{Get("pattern")} {Get("path")}".Trim(),
            "read_file" => Get("path") + (Get("start_line") is { } start ? $" from line {start}" : string.Empty),
            _ => Get("path") ?? Get("command") ?? args.GetRawText(),
        };
    }

    private static JsonElement? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? text : text[..end];
    }

    private static string Flat(string text, int max)
    {
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= max ? flat : flat[..(max - 1)] + "…";
    }

    private sealed record Line(TeamProgress? Progress, string Text, bool Failed);
}
