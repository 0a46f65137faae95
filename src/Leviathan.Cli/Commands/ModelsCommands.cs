using System.CommandLine;
using System.Globalization;
using Leviathan.Cli.Hosting;
using Leviathan.Models.Building;
using Leviathan.Models.Errors;
using Leviathan.Models.Probing;
using Leviathan.Models.Profiles;

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
        var command = new Command("list", "List model profiles, their capabilities and the role routes");
        return command.Handle(environment, context =>
        {
            var catalog = LoadCatalog(context);
            var output = context.Stdout;
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
                output.WriteLine($"  context       {profile.ContextWindow.ToString(CultureInfo.InvariantCulture)} tokens");
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  price         {profile.PriceInputPerMillion} in / {profile.PriceOutputPerMillion} out USD per million tokens"));
                output.WriteLine($"  capabilities  {Capabilities(profile.Capabilities)}");
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  timeout       {profile.Timeout.TotalSeconds:0.###} s"));
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
        var command = new Command("ping", "Send a tiny request to a profile's endpoint: latency and what the server supports") { name, timeout };
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
            output.WriteLine($"  capabilities  {Capabilities(profile.Capabilities)} (as configured)");
            return result.StreamingWorks == false ? ExitCodes.Failed : ExitCodes.Success;
        });
    }

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
