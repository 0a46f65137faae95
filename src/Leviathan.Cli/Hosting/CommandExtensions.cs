using System.CommandLine;
using System.Data.Common;
using Leviathan.Cli.Configuration;
using Leviathan.Persistence;
using Microsoft.Extensions.Options;

namespace Leviathan.Cli.Hosting;

/// <summary>Wires a command's handler to the shared error handling and exit codes.</summary>
internal static class CommandExtensions
{
    /// <summary>
    /// Sets the handler. Expected failures (<see cref="CliException"/>, <see cref="ConfigException"/>)
    /// print one sentence and a hint; anything else prints its message, and the stack trace only with --verbose.
    /// </summary>
    public static Command Handle(this Command command, CliEnvironment environment, Func<CliContext, CancellationToken, Task<int>> handler)
    {
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = new CliContext(environment, parseResult);
            try
            {
                return await handler(context, cancellationToken);
            }
            catch (CliException ex)
            {
                WriteError(context, ex.Message, ex.Hint, ex, ex.ExitCode);
                return ex.ExitCode;
            }
            catch (ConfigException ex)
            {
                WriteError(context, ex.Message, $"set it in {Path.Combine(context.Home, "config.yaml")}, the environment or the command line; 'leviathan config show' lists every setting and where it comes from", ex, ExitCodes.Usage);
                return ExitCodes.Usage;
            }
            catch (OptionsValidationException ex)
            {
                WriteError(context, $"configuration section {ex.OptionsName} is not valid: {string.Join("; ", ex.Failures)}", $"fix it in {Path.Combine(context.Home, "config.yaml")}, the environment or the command line; 'leviathan config show' lists every setting", ex, ExitCodes.Usage);
                return ExitCodes.Usage;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                context.Stderr.WriteLine("cancelled");
                return 130;
            }
            catch (TraceStoreException ex)
            {
                WriteError(context, ex.Message, ex.Hint, ex);
                return ExitCodes.Failed;
            }
            catch (Exception ex) when (StorageFaults.Explain(ex, context.Home) is var (message, hint))
            {
                WriteError(context, message, hint, ex);
                return ExitCodes.Failed;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DbException)
            {
                WriteError(context, ex.Message, "check the path, its permissions and the free disk space; --verbose shows the details", ex);
                return ExitCodes.Failed;
            }
            catch (Exception ex)
            {
                WriteError(context, $"unexpected failure: {ex.Message}", "run again with --verbose and report the output", ex);
                return ExitCodes.Failed;
            }
        });
        return command;
    }

    /// <summary>Same as <see cref="Handle(Command, CliEnvironment, Func{CliContext, CancellationToken, Task{int}})"/> for synchronous handlers.</summary>
    public static Command Handle(this Command command, CliEnvironment environment, Func<CliContext, int> handler) =>
        command.Handle(environment, (context, _) => Task.FromResult(handler(context)));

    private static void WriteError(CliContext context, string message, string? hint, Exception ex, int exitCode = ExitCodes.Failed)
    {
        if (WantsJsonErrors(context.ParseResult))
        {
            WriteJsonError(context.Stdout, message, hint, exitCode);
        }

        context.Stderr.WriteLine($"error: {message}");
        if (hint is not null)
        {
            context.Stderr.WriteLine($"hint: {hint}");
        }

        if (context.Verbose)
        {
            context.Stderr.WriteLine(ex.ToString());
        }
    }

    /// <summary>A script reading <c>--json</c> output gets a failure as JSON too, with the same words and exit code.</summary>
    public static void WriteJsonError(TextWriter stdout, string message, string? hint, int exitCode) =>
        stdout.WriteLine(new System.Text.Json.Nodes.JsonObject
        {
            ["error"] = new System.Text.Json.Nodes.JsonObject { ["message"] = message, ["hint"] = hint, ["exit_code"] = exitCode },
        }.ToJsonString(CliJson.Options));

    /// <summary>Whether the command has a <c>--json</c> option and was given it (also when the rest of the line did not parse).</summary>
    public static bool WantsJsonErrors(ParseResult parseResult) =>
        parseResult.CommandResult.Command.Options.OfType<Option<bool>>().FirstOrDefault(o => o.Name == "--json") is { } json
        && parseResult.GetResult(json) is { Implicit: false }
        && (parseResult.Errors.Count > 0 || parseResult.GetValue(json));
}
