using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Leviathan.Models.ToolCalls;
using Microsoft.Extensions.AI;

namespace Leviathan.Models.Recording;

/// <summary>
/// A JSON Lines file of model exchanges: one line per call with its normalized request, the request's hash and the
/// response (see docs/models.md). One cassette serves every client of a run; it is thread-safe.
/// Secrets are redacted before anything is written or hashed.
/// </summary>
public sealed class Cassette
{
    /// <summary>The format version written in every line.</summary>
    public const int FormatVersion = 1;

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private readonly Lock _gate = new();
    private readonly List<Entry> _entries;
    private readonly bool[] _used;
    private int _recorded;

    private Cassette(string path, CassetteMode mode, IEnumerable<string?> secrets, List<Entry> entries)
    {
        Path = path;
        Mode = mode;
        Redactor = new SecretRedactor(secrets);
        _entries = entries;
        _used = new bool[entries.Count];
    }

    public string Path { get; }

    public CassetteMode Mode { get; }

    internal SecretRedactor Redactor { get; }

    /// <summary>Adds a value that must never appear in the cassette (the factory adds each client's API key).</summary>
    public void AddSecret(string? value) => Redactor.Add(value);

    /// <summary>Exchanges recorded (record mode) or loaded (replay mode).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return Mode == CassetteMode.Record ? _recorded : _entries.Count;
            }
        }
    }

    /// <summary>
    /// Replay: <see cref="ToolCallMode.Text"/> when the recorded requests were shaped for tool calls written as text (the
    /// profile said <c>tool_calls: text</c>, or its server refused native tools), so that a replay shapes them the same way;
    /// null otherwise.
    /// </summary>
    public ToolCallMode? RecordedToolCalls { get; private set; }

    /// <summary>Replay: exchanges not yet answered.</summary>
    public int Remaining
    {
        get
        {
            lock (_gate)
            {
                return _used.Count(u => !u);
            }
        }
    }

    /// <summary>Starts a new recording at <paramref name="path"/> (an existing file is replaced).</summary>
    /// <param name="path">The cassette file.</param>
    /// <param name="secrets">Values to redact besides well-known credential shapes, e.g. the API keys in use.</param>
    public static Cassette StartRecording(string path, IEnumerable<string?>? secrets = null)
    {
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, string.Empty);
        return new Cassette(full, CassetteMode.Record, secrets ?? [], []);
    }

    /// <summary>Loads a cassette for replay.</summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">A line is not a cassette entry; the message names the line.</exception>
    public static Cassette Load(string path, IEnumerable<string?>? secrets = null)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"cassette {full} does not exist; record one first (mode record)", full);
        }

        var entries = new List<Entry>();
        var number = 0;
        ToolCallMode? toolCalls = null;
        foreach (var line in File.ReadLines(full))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                var node = JsonNode.Parse(line) as JsonObject ?? throw new JsonException("not a JSON object");
                var version = node["v"]?.GetValue<int>() ?? 0;
                if (version != FormatVersion)
                {
                    throw new JsonException($"format version {version}, expected {FormatVersion}");
                }

                if (node["tool_calls"]?.GetValue<string>() is { } recordedMode && ToolCallModeNames.TryParse(recordedMode, out var mode) && mode == ToolCallMode.Text)
                {
                    toolCalls = mode;
                }

                entries.Add(new Entry(
                    node["hash"]?.GetValue<string>() ?? throw new JsonException("no hash"),
                    node["profile"]?.GetValue<string>() ?? string.Empty,
                    node["request"] as JsonObject ?? throw new JsonException("no request"),
                    node["response"] as JsonObject ?? throw new JsonException("no response")));
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
            {
                throw new InvalidDataException($"cassette {full}, line {number}: not a cassette entry ({ex.Message})", ex);
            }
        }

        return new Cassette(full, CassetteMode.Replay, secrets ?? [], entries) { RecordedToolCalls = toolCalls };
    }

    internal int Append(string profile, JsonObject request, string hash, ChatResponse response, ToolCallMode? toolCalls = null)
    {
        var responseNode = Redactor.Redact(JsonSerializer.SerializeToNode(response, AIJsonUtilities.DefaultOptions));
        lock (_gate)
        {
            var line = new JsonObject
            {
                ["v"] = FormatVersion,
                ["index"] = _recorded,
                ["hash"] = hash,
                ["profile"] = profile,
                ["request"] = request.DeepClone(),
                ["response"] = responseNode,
            };
            if (toolCalls is ToolCallMode.Text)
            {
                line["tool_calls"] = toolCalls.Value.ToName();
            }

            File.AppendAllText(Path, line.ToJsonString() + "\n", Utf8NoBom);
            return _recorded++;
        }
    }

    /// <summary>
    /// Takes the first unused exchange with this hash; failing that, the first unused exchange (in recording order)
    /// whose request has the same shape (<see cref="RequestShape"/>); failing that, explains the divergence.
    /// </summary>
    internal (int Index, ChatResponse Response) Take(JsonObject request, string hash)
    {
        Entry entry;
        int index;
        lock (_gate)
        {
            index = -1;
            for (var i = 0; i < _entries.Count && index < 0; i++)
            {
                if (!_used[i] && _entries[i].Hash == hash)
                {
                    index = i;
                }
            }

            for (var i = 0; i < _entries.Count && index < 0; i++)
            {
                if (!_used[i] && RequestShape.FirstDifference(_entries[i].Request, request) is null)
                {
                    index = i;
                }
            }

            if (index < 0)
            {
                throw Divergence(request, hash);
            }

            _used[index] = true;
            entry = _entries[index];
        }

        var response = entry.Response.Deserialize<ChatResponse>(AIJsonUtilities.DefaultOptions)
            ?? throw new InvalidDataException($"cassette {Path}, exchange {index}: the response is empty");
        foreach (var message in response.Messages)
        {
            for (var i = 0; i < message.Contents.Count; i++)
            {
                if (message.Contents[i] is FunctionCallContent call)
                {
                    message.Contents[i] = ToolCallArguments.Reparse(call);
                }
            }
        }

        return (index, response);
    }

    private CassetteDivergenceException Divergence(JsonObject request, string hash)
    {
        var next = Array.IndexOf(_used, false);
        var used = _used.Count(u => u);
        if (next < 0)
        {
            var summary = RequestNormalizer.Pretty(request);
            return new CassetteDivergenceException(
                string.Create(CultureInfo.InvariantCulture, $"replay diverged from cassette {Path}: all {_entries.Count} recorded exchanges are used, but the run made another request ({hash}):\n{Shorten(summary)}"),
                Path,
                -1,
                string.Empty);
        }

        var diff = LineDiff.Format(RequestNormalizer.Pretty(_entries[next].Request), RequestNormalizer.Pretty(request));
        var difference = RequestShape.FirstDifference(_entries[next].Request, request);
        return new CassetteDivergenceException(
            string.Create(CultureInfo.InvariantCulture, $"replay diverged from cassette {Path} at exchange {next} ({used} of {_entries.Count} used): {difference}.\n") +
            "The recorded request it should have matched differs (- recorded, + this run):\n" + diff,
            Path,
            next,
            diff);
    }

    private static string Shorten(string text) => text.Length <= 2000 ? text : text[..2000] + "\n…";

    private sealed record Entry(string Hash, string Profile, JsonObject Request, JsonObject Response);
}
