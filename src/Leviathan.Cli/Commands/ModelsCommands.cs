using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Leviathan.Cli.Hosting;
using Leviathan.Models.Accounting;
using Leviathan.Models.Building;
using Leviathan.Models.Errors;
using Leviathan.Models.Probing;
using Leviathan.Models.Profiles;
using Leviathan.Models.ToolCalls;

namespace Leviathan.Cli.Commands;

/// <summary><c>leviathan models list|ping</c>: the configured model profiles, role routes, and a live check of an endpoint.</summary>
internal static class ModelsCommands
{
    /// <summary>The roles the agent team uses; listed even when not routed, to show where they go.</summary>
    private static readonly string[] StandardRoles = ["planner", "engineer", "critic"];

    public static Command Create(CliEnvironment environment)
    {
        var models = new Command("models", "Model profiles (OpenAI-compatible endpoints) and the roles routed to them");
        models.Subcommands.Add(List(environment));
        models.Subcommands.Add(Ping(environment));
        return models;
    }

    /// <summary>Profiles and routes from the layered configuration; a bad setting is a usage error naming the key and its source.</summary>
    internal static ModelCatalog LoadCatalog(CliContext context)
    {
        var entries = context.Config.Entries.ToList();
        var sources = entries.ToDictionary(e => e.Key, e => e.Source, StringComparer.OrdinalIgnoreCase);
        try
        {
            return ModelCatalogParser.Parse(
                entries.Select(e => new KeyValuePair<string, string?>(e.Key, e.Value)),
                key => sources.GetValueOrDefault(key));
        }
        catch (ModelConfigurationException ex)
        {
            throw CliException.Usage(ex.Message, $"fix it in {Path.Combine(context.Home, "config.yaml")} or the environment; 'leviathan models list' shows the result");
        }
    }

    /// <summary>Reads environment variables as the command sees them (API keys).</summary>
    internal static Func<string, string?> EnvironmentOf(CliContext context) =>
        name => context.Environment.Variables.TryGetValue(name, out var value) ? value : null;

    private static Command List(CliEnvironment environment)
    {
        var json = new Option<bool>("--json") { Description = "Print the profiles and routes as one JSON object" };
        var command = new Command("list", "List model profiles, their capabilities and the role routes") { json };
        return command.Handle(environment, context =>
        {
            var catalog = LoadCatalog(context);
            var output = context.Stdout;
            if (context.ParseResult.GetValue(json))
            {
                output.WriteLine(ListJson(catalog, EnvironmentOf(context)).ToJsonString(CliJson.Options));
                return ExitCodes.Success;
            }

            if (catalog.Profiles.Count == 0)
            {
                output.WriteLine("no model profiles configured");
                output.WriteLine("hint: set LEVIATHAN_MODEL_BASE_URL and LEVIATHAN_MODEL_NAME (and LEVIATHAN_MODEL_API_KEY if the endpoint wants a key),");
                output.WriteLine($"      or add models.profiles.<name>.base_url and .model to {Path.Combine(context.Home, "config.yaml")}");
                return ExitCodes.Success;
            }

            var env = EnvironmentOf(context);
            foreach (var profile in catalog.Profiles.Values.OrderBy(p => p.Name == ModelProfile.DefaultName ? 0 : 1).ThenBy(p => p.Name, StringComparer.Ordinal))
            {
                output.WriteLine($"profile {profile.Name}");
                output.WriteLine($"  endpoint      {profile.BaseUrl}");
                output.WriteLine($"  model         {profile.Model}");
                output.WriteLine($"  api key       {KeyStatus(profile, env)}");
                output.WriteLine(profile.ContextWindowConfigured
                    ? $"  context       {profile.ContextWindow.ToString(CultureInfo.InvariantCulture)} tokens"
                    : $"  context       not set: the server's report is used ('leviathan models ping {profile.Name}' shows it), else {profile.ContextWindow.ToString(CultureInfo.InvariantCulture)} tokens");
                output.WriteLine($"  tool calls    {profile.ToolCalls.ToName()}");
                output.WriteLine($"  tokens        {TokenCounters.For(profile).Name}");
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  price         {profile.PriceInputPerMillion} in / {profile.PriceOutputPerMillion} out USD per million tokens"));
                output.WriteLine($"  capabilities  {Capabilities(profile.Capabilities)}");
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  timeout       {profile.Timeout.TotalSeconds:0.###} s"));
                output.WriteLine(profile.Retries == 0
                    ? "  retries       off"
                    : string.Create(CultureInfo.InvariantCulture, $"  retries       {profile.Retries}, backoff from {profile.RetryDelay.TotalSeconds:0.###} s"));
            }

            output.WriteLine("roles");
            var roles = StandardRoles.Concat(catalog.Roles.Keys).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
            var width = roles.Max(r => r.Length);
            foreach (var role in roles)
            {
                var target = catalog.RouteOf(role);
                var note = catalog.Roles.ContainsKey(role) ? string.Empty : " (not routed: uses default)";
                var missing = catalog.Profiles.ContainsKey(target) ? string.Empty : " (no such profile: configure it before running)";
                output.WriteLine($"  {role.PadRight(width)}  -> {target}{note}{missing}");
            }

            return ExitCodes.Success;
        });
    }

    private static Command Ping(CliEnvironment environment)
    {
        var name = new Argument<string>("PROFILE") { Description = "The profile to check", DefaultValueFactory = _ => ModelProfile.DefaultName };
        var timeout = new Option<double?>("--timeout") { Description = "Seconds to wait for each request (default: the profile's timeout, at most 15)" };
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object" };
        var command = new Command("ping", "Send tiny requests to a profile's endpoint: latency, context window, how it makes tool calls, what it supports") { name, timeout, json };
        return command.Handle(environment, async (context, cancellationToken) =>
        {
            var catalog = LoadCatalog(context);
            var wanted = context.ParseResult.GetValue(name)!;
            if (!catalog.Profiles.TryGetValue(wanted, out var profile))
            {
                var known = catalog.Profiles.Count == 0 ? "none" : string.Join(", ", catalog.Profiles.Keys.Order(StringComparer.Ordinal));
                throw CliException.Usage(
                    $"there is no model profile '{wanted}' (configured: {known})",
                    wanted == ModelProfile.DefaultName
                        ? "set LEVIATHAN_MODEL_BASE_URL and LEVIATHAN_MODEL_NAME, or models.profiles.default in config.yaml"
                        : $"add models.profiles.{wanted}.base_url and .model to config.yaml");
            }

            var seconds = context.ParseResult.GetValue(timeout);
            if (seconds is <= 0 or > 3600)
            {
                throw CliException.Usage($"--timeout {seconds?.ToString(CultureInfo.InvariantCulture)} is out of range", "give a number of seconds from 0.1 to 3600");
            }

            using var factory = new ModelClientFactory(new ModelClientFactoryOptions { Time = context.Time, Environment = EnvironmentOf(context) });
            ModelPingResult result;
            try
            {
                result = await ModelProbe.PingAsync(factory, profile, seconds is { } s ? TimeSpan.FromSeconds(s) : null, cancellationToken);
            }
            catch (ModelException ex)
            {
                throw CliException.Failed($"ping of profile '{profile.Name}' failed: {ex.Message}", ex.Hint, ex);
            }

            var output = context.Stdout;
            if (context.ParseResult.GetValue(json))
            {
                output.WriteLine(PingJson(profile, result).ToJsonString(CliJson.Options));
                return result.StreamingWorks == false ? ExitCodes.Failed : ExitCodes.Success;
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"profile {profile.Name}: ok in {result.Latency.TotalMilliseconds:0} ms"));
            output.WriteLine($"  endpoint      {profile.BaseUrl}");
            output.WriteLine($"  model         {profile.Model}" + (result.ReportedModel is { } reported && reported != profile.Model ? $" (the server answered as {reported})" : string.Empty));
            output.WriteLine($"  reply         \"{Shorten(result.Reply)}\"");
            output.WriteLine($"  served        {(result.ServedModels is { } served ? (served.Count == 0 ? "(empty list)" : string.Join(", ", served)) : "no model list at /models")}");
            if (result.ServedModels is { Count: > 0 } list && !list.Contains(profile.Model, StringComparer.Ordinal))
            {
                output.WriteLine($"  warning       the server does not list '{profile.Model}'; check models.profiles.{profile.Name}.model");
            }

            output.WriteLine($"  usage         {(result.UsageReported ? "reported by the server" : "not reported: token counts will be estimated locally")}");
            output.WriteLine($"  reasoning     {(result.ReasoningReturned ? "returned (kept in the trace)" : "none seen")}");
            output.WriteLine($"  streaming     {result.StreamingWorks switch { true => "works", false => $"fails: {result.StreamingProblem}", null => "not claimed by the profile" }}");
            output.WriteLine($"  context       {ContextLine(profile, result)}");
            output.WriteLine($"  tool calls    {result.ToolCalls}: {result.ToolCallsAdvice}");
            output.WriteLine($"  capabilities  {Capabilities(profile.Capabilities)} (as configured)");
            return result.StreamingWorks == false ? ExitCodes.Failed : ExitCodes.Success;
        });
    }

    private static string ContextLine(ModelProfile profile, ModelPingResult result)
    {
        var window = profile.ContextWindow.ToString(CultureInfo.InvariantCulture);
        return (result.ContextWindow, profile.ContextWindowConfigured) switch
        {
            ({ } detected, false) => $"{detected.Tokens.ToString(CultureInfo.InvariantCulture)} tokens (reported: {detected.Source}; used, since models.profiles.{profile.Name}.context_window is not set)",
            ({ } detected, true) when detected.Tokens != profile.ContextWindow =>
                $"{window} tokens as configured, but the server reports {detected.Tokens.ToString(CultureInfo.InvariantCulture)} ({detected.Source}): check models.profiles.{profile.Name}.context_window",
            ({ } detected, true) => $"{window} tokens (configured; the server agrees: {detected.Source})",
            (null, true) => $"{window} tokens (configured; the server does not report its window)",
            (null, false) => $"not reported by the server: {window} tokens are assumed; set models.profiles.{profile.Name}.context_window",
        };
    }

    private static JsonObject ListJson(ModelCatalog catalog, Func<string, string?> environment)
    {
        var profiles = new JsonArray();
        foreach (var profile in catalog.Profiles.Values.OrderBy(p => p.Name == ModelProfile.DefaultName ? 0 : 1).ThenBy(p => p.Name, StringComparer.Ordinal))
        {
            profiles.Add(new JsonObject
            {
                ["name"] = profile.Name,
                ["base_url"] = profile.BaseUrl.ToString(),
                ["model"] = profile.Model,
                ["api_key_env"] = profile.ApiKeyVariable,
                ["api_key_set"] = profile.ApiKeyVariable is not null && profile.ReadApiKey(environment) is not null,
                ["context_window"] = profile.ContextWindowConfigured ? profile.ContextWindow : null,
                ["context_window_default"] = profile.ContextWindow,
                ["price_input_per_mtok"] = profile.PriceInputPerMillion,
                ["price_output_per_mtok"] = profile.PriceOutputPerMillion,
                ["capabilities"] = new JsonArray([.. profile.Capabilities.ToNames().Select(n => (JsonNode?)n)]),
                ["tool_calls"] = profile.ToolCalls.ToName(),
                ["tokenizer"] = TokenCounters.For(profile).Name,
                ["timeout_s"] = profile.Timeout.TotalSeconds,
                ["retries"] = profile.Retries,
                ["retry_delay_s"] = profile.RetryDelay.TotalSeconds,
            });
        }

        var roles = new JsonObject();
        foreach (var role in StandardRoles.Concat(catalog.Roles.Keys).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal))
        {
            roles[role] = new JsonObject { ["profile"] = catalog.RouteOf(role), ["routed"] = catalog.Roles.ContainsKey(role) };
        }

        return new JsonObject { ["profiles"] = profiles, ["roles"] = roles };
    }

    private static JsonObject PingJson(ModelProfile profile, ModelPingResult result) => new()
    {
        ["profile"] = profile.Name,
        ["ok"] = true,
        ["latency_ms"] = Math.Round(result.Latency.TotalMilliseconds, 1),
        ["endpoint"] = profile.BaseUrl.ToString(),
        ["model"] = profile.Model,
        ["reported_model"] = result.ReportedModel,
        ["reply"] = result.Reply,
        ["served_models"] = result.ServedModels is { } served ? new JsonArray([.. served.Select(m => (JsonNode?)m)]) : null,
        ["usage_reported"] = result.UsageReported,
        ["reasoning_returned"] = result.ReasoningReturned,
        ["streaming"] = result.StreamingWorks,
        ["streaming_problem"] = result.StreamingProblem,
        ["tool_calls"] = result.ToolCalls,
        ["tool_calls_setting"] = profile.ToolCalls.ToName(),
        ["tool_calls_advice"] = result.ToolCallsAdvice,
        ["context_window"] = profile.ContextWindowConfigured ? profile.ContextWindow : result.ContextWindow?.Tokens,
        ["context_window_source"] = result.ContextWindow is { } detected && !profile.ContextWindowConfigured ? detected.Source
            : profile.ContextWindowConfigured ? $"models.profiles.{profile.Name}.context_window" : null,
        ["context_window_reported"] = result.ContextWindow?.Tokens,
    };

    private static string KeyStatus(ModelProfile profile, Func<string, string?> environment) =>
        profile.ApiKeyVariable is null ? "none"
        : profile.ReadApiKey(environment) is null ? $"{profile.ApiKeyVariable} (not set)"
        : $"{profile.ApiKeyVariable} (set)";

    private static string Capabilities(ModelCapabilities capabilities) =>
        capabilities == ModelCapabilities.None ? "none" : string.Join(", ", capabilities.ToNames());

    private static string Shorten(string text)
    {
        text = text.ReplaceLineEndings(" ");
        return text.Length <= 60 ? text : text[..57] + "...";
    }
}
