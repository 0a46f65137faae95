using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Leviathan.Cli.Hosting;
using Leviathan.Persistence.Keys;
using Spectre.Console;

namespace Leviathan.Cli.Commands;

/// <summary><c>leviathan keys create|list|revoke</c>: API keys of the HTTP service. The store keeps only a hash of each key.</summary>
internal static class KeysCommands
{
    public static Command Create(CliEnvironment environment)
    {
        var keys = new Command("keys", "Create, list and revoke API keys for 'leviathan serve'");
        keys.Subcommands.Add(CreateKey(environment));
        keys.Subcommands.Add(List(environment));
        keys.Subcommands.Add(Revoke(environment));
        return keys;
    }

    private static Command CreateKey(CliEnvironment environment)
    {
        var name = new Option<string>("--name") { Description = "Who or what holds the key (e.g. ci, alice)", Required = true };
        var role = new Option<string>("--role") { Description = "viewer (reads), operator (also creates and cancels runs) or admin (also keys and backups)", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the key as JSON" };
        var command = new Command("create", "Create a key and print it once; only its hash is stored") { name, role, json };
        return command.Handle(environment, async (context, cancellationToken) =>
        {
            var roleName = context.ParseResult.GetValue(role)!;
            if (!ApiKeyRoleNames.TryParse(roleName, out var parsed))
            {
                throw CliException.Usage($"'{roleName}' is not a role", $"use one of: {string.Join(", ", ApiKeyRoleNames.All)}");
            }

            await using var store = await StoreOpener.OpenAsync(context, cancellationToken);
            CreatedApiKey created;
            try
            {
                created = await new ApiKeyStore(store, context.Time).CreateAsync(context.ParseResult.GetValue(name)!, parsed, cancellationToken);
            }
            catch (ArgumentException ex)
            {
                throw CliException.Usage(ex.Message.Split(" (Parameter", 2)[0]);
            }

            if (context.ParseResult.GetValue(json))
            {
                await context.Stdout.WriteLineAsync(Json(w =>
                {
                    Write(w, created.Record);
                    w.WriteString("key", created.Secret);
                }));
            }
            else
            {
                await context.Stdout.WriteLineAsync(created.Secret);
                await context.Stderr.WriteLineAsync($"created {created.Record.Role.ToName()} key '{created.Record.Name}' ({created.Record.Id}); store it now, it is not shown again. Send it as 'Authorization: Bearer <key>'.");
            }

            return ExitCodes.Success;
        });
    }

    private static Command List(CliEnvironment environment)
    {
        var json = new Option<bool>("--json") { Description = "Print a JSON array instead of a table" };
        var command = new Command("list", "List keys (never their secrets), revoked ones included") { json };
        return command.Handle(environment, async (context, cancellationToken) =>
        {
            await using var store = await StoreOpener.OpenAsync(context, cancellationToken);
            var keys = await new ApiKeyStore(store, context.Time).ListAsync(cancellationToken);
            if (context.ParseResult.GetValue(json))
            {
                await context.Stdout.WriteLineAsync(Json(w =>
                {
                    w.WriteStartArray("items");
                    foreach (var key in keys)
                    {
                        w.WriteStartObject();
                        Write(w, key);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                }));
                return ExitCodes.Success;
            }

            if (keys.Count == 0)
            {
                await context.Stdout.WriteLineAsync("no keys yet; create one with 'leviathan keys create --name NAME --role viewer|operator|admin'");
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Simple);
            table.AddColumns("ID", "NAME", "ROLE", "PREFIX", "CREATED", "REVOKED");
            foreach (var key in keys)
            {
                table.AddRow(
                    new Text(key.Id.ToString()),
                    new Text(key.Name),
                    new Text(key.Role.ToName()),
                    new Text(key.Prefix + "…"),
                    new Text(key.CreatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)),
                    new Text(key.RevokedAt?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "-"));
            }

            context.Out.Write(table);
            return ExitCodes.Success;
        });
    }

    private static Command Revoke(CliEnvironment environment)
    {
        var key = new Argument<string>("key") { Description = "The key's id, or its name when exactly one live key has it" };
        var command = new Command("revoke", "Revoke a key; the server refuses it from the next request on") { key };
        return command.Handle(environment, async (context, cancellationToken) =>
        {
            var which = context.ParseResult.GetValue(key)!;
            await using var store = await StoreOpener.OpenAsync(context, cancellationToken);
            var keys = new ApiKeyStore(store, context.Time);
            Guid id;
            if (!Guid.TryParse(which, out id))
            {
                var named = (await keys.FindByNameAsync(which, cancellationToken)).Where(k => !k.Revoked).ToList();
                id = named.Count switch
                {
                    0 => throw CliException.Failed($"there is no live key named '{which}'", "list the keys with 'leviathan keys list'"),
                    1 => named[0].Id,
                    _ => throw CliException.Usage($"{named.Count} live keys are named '{which}'", "revoke by id; 'leviathan keys list' shows the ids"),
                };
            }

            var revoked = await keys.RevokeAsync(id, cancellationToken)
                ?? throw CliException.Failed($"there is no key {id}", "list the keys with 'leviathan keys list'");
            await context.Stdout.WriteLineAsync($"revoked key '{revoked.Name}' ({revoked.Id}) at {revoked.RevokedAt:yyyy-MM-dd HH:mm:ss}Z");
            return ExitCodes.Success;
        });
    }

    private static void Write(Utf8JsonWriter w, ApiKeyRecord key)
    {
        w.WriteString("id", key.Id);
        w.WriteString("name", key.Name);
        w.WriteString("role", key.Role.ToName());
        w.WriteString("prefix", key.Prefix);
        w.WriteString("created_at", key.CreatedAt);
        if (key.RevokedAt is { } revoked)
        {
            w.WriteString("revoked_at", revoked);
        }
        else
        {
            w.WriteNull("revoked_at");
        }
    }

    private static string Json(Action<Utf8JsonWriter> body)
    {
        using var output = new MemoryStream();
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(output.ToArray());
    }
}
