using System.CommandLine;
using Leviathan.Cli.Hosting;
using Leviathan.Tools.Edits;
using Leviathan.Tools.Sandbox;
using Leviathan.Tools.Workspace;

namespace Leviathan.Cli.Commands;

/// <summary><c>leviathan edit apply</c>: applies a unified diff or SEARCH/REPLACE blocks to a folder, all or nothing.</summary>
internal static class EditCommands
{
    public static Command Create(CliEnvironment environment)
    {
        var edit = new Command("edit", "Apply edits (unified diffs, SEARCH/REPLACE blocks) the way agents do");
        edit.Subcommands.Add(Apply(environment));
        return edit;
    }

    private static Command Apply(CliEnvironment environment)
    {
        var file = new Argument<string>("EDITFILE") { Description = "A unified diff or SEARCH/REPLACE blocks, possibly for several files" };
        var root = new Option<string>("--root") { Description = "The folder the edit's paths are relative to", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the report as one JSON object" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check every block but write nothing" };
        var command = new Command("apply", "Apply an edit file to the files under --root (exit 0 all applied, 1 a block failed and nothing was written, 2 usage)")
        {
            file, root, json, dryRun,
        };
        return command.Handle(environment, async (context, cancellationToken) =>
        {
            var rootPath = Path.GetFullPath(context.ParseResult.GetValue(root)!, context.Environment.WorkingDirectory);
            if (!Directory.Exists(rootPath))
            {
                throw CliException.Usage($"the --root folder {rootPath} does not exist", "give the folder the edit's paths are relative to");
            }

            try
            {
                WorkspaceGuard.Check(rootPath, context.Home, context.Environment.Variables.GetValueOrDefault("HOME"), "edit root");
            }
            catch (ArgumentException ex)
            {
                throw CliException.Usage(ex.Message, "give the project folder the edit's paths are relative to");
            }

            var editPath = Path.GetFullPath(context.ParseResult.GetValue(file)!, context.Environment.WorkingDirectory);
            if (!File.Exists(editPath))
            {
                throw CliException.Usage($"the edit file {editPath} does not exist", "give the path of a diff or of SEARCH/REPLACE blocks");
            }

            // Refused before it is read: a huge file must not be loaded to learn that it is too large.
            var size = new FileInfo(editPath).Length;
            if (size > EditEngine.MaxEditBytes)
            {
                throw CliException.Failed(
                    string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the edit file {editPath} is {size:N0} bytes, more than the {EditEngine.MaxEditBytes:N0} bytes ({EditEngine.MaxEditBytes / (1024 * 1024)} MB) one edit may be"),
                    "split it into several smaller edit files");
            }

            var text = await File.ReadAllTextAsync(editPath, cancellationToken);
            var report = EditEngine.Apply(new WorkspaceRoot(rootPath), text, context.ParseResult.GetValue(dryRun));
            if (context.ParseResult.GetValue(json))
            {
                await context.Stdout.WriteLineAsync(report.ToJson());
            }
            else if (report.Succeeded)
            {
                await context.Stdout.WriteLineAsync(report.Describe());
            }
            else
            {
                await context.Stderr.WriteLineAsync(report.Describe());
            }

            return report.Succeeded ? ExitCodes.Success : ExitCodes.Failed;
        });
    }
}
