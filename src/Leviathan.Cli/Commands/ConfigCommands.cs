using System.CommandLine;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Leviathan.Cli.Hosting;
using Spectre.Console;

namespace Leviathan.Cli.Commands;

/// <summary><c>leviathan config show</c>: the effective configuration and the layer each value comes from.</summary>
internal static partial class ConfigCommands
{
    public static Command Create(CliEnvironment environment)
    {
        var config = new Command("config", "The effective configuration: built-in defaults, <home>/config.yaml, .leviathan/config.yaml, LEVIATHAN_* variables, options");
        config.Subcommands.Add(Show(environment));
        return config;
    }

    private static Command Show(CliEnvironment environment)
    {
        var json = new Option<bool>("--json") { Description = "Print the layers and every setting as one JSON object" };
        var command = new Command("show", "Print every setting in force, its value and the layer it comes from (a later layer wins)") { json };
        return command.Handle(environment, context =>
        {
            var config = context.Config;
            var entries = config.Entries.Select(e => (Key: e.Key.Replace(':', '.'), Value: Mask(e.Key, e.Value), Layer: config.LayerOf(e.Key)!, e.Source)).ToList();
            if (context.ParseResult.GetValue(json))
            {
                var layers = new JsonArray();
                foreach (var layer in config.Layers)
                {
                    layers.Add(new JsonObject { ["layer"] = layer.Id, ["source"] = layer.Name });
                }

                var settings = new JsonArray();
                foreach (var entry in entries)
                {
                    settings.Add(new JsonObject { ["key"] = entry.Key, ["value"] = entry.Value, ["layer"] = entry.Layer.Id, ["source"] = entry.Source });
                }

                context.Stdout.WriteLine(new JsonObject { ["home"] = context.Home, ["layers"] = layers, ["settings"] = settings }.ToJsonString(CliJson.Options));
                return ExitCodes.Success;
            }

            context.Stdout.WriteLine("layers, lowest first (a later layer wins):");
            foreach (var layer in config.Layers)
            {
                context.Stdout.WriteLine($"  {layer.Id,-13} {layer.Name}");
            }

            var table = new Table().Border(TableBorder.Simple);
            table.AddColumns("KEY", "VALUE", "FROM");
            foreach (var entry in entries)
            {
                table.AddRow(new Text(entry.Key), new Text(entry.Value ?? string.Empty), new Text(entry.Source));
            }

            context.Out.Write(table);
            return ExitCodes.Success;
        });
    }

    /// <summary>A connection string's password and the S3 secret are not printed.</summary>
    private static string? Mask(string key, string? value) =>
        value is not null && key.Equals("store:connection", StringComparison.OrdinalIgnoreCase)
            ? PasswordPattern().Replace(value, "$1=***")
            : value is { Length: > 0 } && key.Equals("backup:secret_access_key", StringComparison.OrdinalIgnoreCase) ? "***" : value;

    [GeneratedRegex("(password|pwd)\\s*=[^;]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PasswordPattern();
}
