using System.Text.RegularExpressions;

namespace Leviathan.Evaluation.Suites;

/// <summary>
/// Reads and validates a software task pack (see docs/evaluation.md). Everything is checked before anything
/// runs: unknown keys, missing or empty values, tasks without starting files or judge tests, duplicate ids,
/// paths that leave the pack, and symbolic links anywhere in it.
/// </summary>
public static partial class SuiteLoader
{
    /// <summary>The file that describes a suite.</summary>
    public const string SuiteFile = "suite.yaml";

    /// <summary>The file that describes a task, in the task's folder.</summary>
    public const string TaskFile = "task.yaml";

    /// <summary>The reference fix given as a diff, alone in the reference folder.</summary>
    public const string ReferencePatchFile = "fix.patch";

    private static readonly TimeSpan DefaultJudgeTimeout = TimeSpan.FromMinutes(5);

    private static readonly string[] SuiteKeys = ["id", "title", "description", "time_limit_minutes", "budget", "judge"];
    private static readonly string[] SuiteJudgeKeys = ["command", "timeout_seconds"];
    private static readonly string[] TaskKeys = ["id", "title", "goal", "verify", "setup", "time_limit_minutes", "budget", "judge", "repo", "git", "hidden", "reference"];
    private static readonly string[] TaskJudgeKeys = ["command", "timeout_seconds", "fail_to_pass", "pass_to_pass"];
    private static readonly string[] BudgetKeys = ["tokens", "usd", "steps"];
    private static readonly string[] GitKeys = ["url", "commit"];

    /// <summary>Loads the pack in a folder (or the folder of a given <c>suite.yaml</c>).</summary>
    /// <exception cref="SuiteFormatException">The pack does not follow the format; the message names the file, the key and the fix.</exception>
    public static SoftwareSuite Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (File.Exists(root) && Path.GetFileName(root) == SuiteFile)
        {
            root = Path.GetDirectoryName(root)!;
        }

        if (!Directory.Exists(root))
        {
            throw new SuiteFormatException(path, null, "no such folder", $"give the folder that holds {SuiteFile}");
        }

        var suiteFile = Path.Combine(root, SuiteFile);
        if (!File.Exists(suiteFile))
        {
            throw new SuiteFormatException(suiteFile, null, "missing", $"a task pack is a folder with {SuiteFile} (id, title, description, limits) and one folder per task");
        }

        RefuseLinks(root);

        var suite = YamlMap.Load(suiteFile, SuiteKeys);
        var id = Id(suite);
        var defaultLimit = Minutes(suite);
        var defaultBudget = Budget(suite);
        var judgeDefaults = suite.Map("judge", SuiteJudgeKeys);
        var defaultCommand = judgeDefaults is null ? null : Command(judgeDefaults);
        var defaultTimeout = judgeDefaults is null ? null : Timeout(judgeDefaults);

        var tasks = new List<SoftwareTask>();
        var folders = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var folder in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            if (Path.GetFileName(folder).StartsWith('.'))
            {
                continue;
            }

            var task = LoadTask(root, folder, defaultLimit, defaultBudget, defaultCommand, defaultTimeout);
            if (folders.TryGetValue(task.Id, out var other))
            {
                throw new SuiteFormatException(task.DefinitionFile, "id", $"'{task.Id}' is also the id of the task in {other}", "give every task its own id (the folder name is a good one)");
            }

            folders[task.Id] = folder;
            tasks.Add(task);
        }

        if (tasks.Count == 0)
        {
            throw new SuiteFormatException(root, null, "the suite has no tasks", $"add one folder per task, each with a {TaskFile}");
        }

        return new SoftwareSuite
        {
            Id = id,
            Title = suite.String("title") is { Length: > 0 } title ? title.Trim() : id,
            Description = suite.String("description")?.Trim() ?? string.Empty,
            Directory = root,
            Tasks = tasks,
        };
    }

    private static SoftwareTask LoadTask(string root, string folder, TimeSpan? defaultLimit, TaskBudget defaultBudget, string? defaultCommand, TimeSpan? defaultTimeout)
    {
        var file = Path.Combine(folder, TaskFile);
        if (!File.Exists(file))
        {
            throw new SuiteFormatException(file, null, "missing: every folder of a suite is a task", $"add a {TaskFile}, or rename the folder to start with '.' to keep it out of the suite");
        }

        var task = YamlMap.Load(file, TaskKeys);
        var id = Id(task);
        var goal = task.RequiredString("goal", "write the goal the agents get, like a bug report: what happens, what was expected, where to look");
        var verify = task.RequiredString("verify", "give the command the agents may run to check their work, for example 'python3 -m unittest discover -s tests -t .'");
        var setup = task.String("setup");
        if (setup is not null && string.IsNullOrWhiteSpace(setup))
        {
            throw task.Error("setup", "is empty", "remove the key or give the command to run before the agents start");
        }

        var judgeMap = task.Map("judge", TaskJudgeKeys)
            ?? throw new SuiteFormatException(file, "judge", "missing", "list the hidden tests under judge.fail_to_pass (and judge.pass_to_pass), as test ids for the judge command");
        var judge = Judge(judgeMap, defaultCommand, defaultTimeout);

        var git = Git(task, folder);
        string? repo = null;
        if (git is null)
        {
            repo = Folder(task, root, folder, "repo", required: true)!;
        }
        else if (task.Has("repo") || Directory.Exists(Path.Combine(folder, "repo")))
        {
            throw task.Error("git", "the task has both a git source and a repo folder", "keep one: the repo/ folder or git: {url, commit}");
        }

        var hidden = Folder(task, root, folder, "hidden", required: false);
        var reference = Folder(task, root, folder, "reference", required: false);
        string? patch = null;
        if (reference is not null && File.Exists(Path.Combine(reference, ReferencePatchFile)))
        {
            if (Directory.EnumerateFileSystemEntries(reference).Count() != 1)
            {
                throw task.Error("reference", $"{reference} holds {ReferencePatchFile} and other files", $"give the fix either as {ReferencePatchFile} alone or as the changed files, not both");
            }

            patch = Path.Combine(reference, ReferencePatchFile);
            reference = null;
        }

        return new SoftwareTask
        {
            Id = id,
            Title = task.String("title") is { Length: > 0 } title ? title.Trim() : id,
            Goal = goal.Trim(),
            Verify = verify.Trim(),
            Setup = setup?.Trim(),
            TimeLimit = Minutes(task) ?? defaultLimit,
            Budget = Budget(task).Over(defaultBudget),
            Judge = judge,
            Directory = folder,
            DefinitionFile = file,
            RepoDirectory = repo,
            Git = git,
            HiddenDirectory = hidden,
            ReferenceDirectory = reference,
            ReferencePatch = patch,
        };
    }

    private static string Id(YamlMap map)
    {
        var id = map.RequiredString("id", "give an id of letters, digits, '.', '_' and '-', for example 'pagination-last-page'").Trim();
        return IdPattern().IsMatch(id)
            ? id
            : throw map.Error("id", $"'{id}' is not a valid id", "use letters, digits, '.', '_' and '-', starting with a letter or digit");
    }

    private static TimeSpan? Minutes(YamlMap map) =>
        map.PositiveNumber("time_limit_minutes", "20") is { } minutes ? TimeSpan.FromMinutes((double)minutes) : null;

    private static TaskBudget Budget(YamlMap map)
    {
        var budget = map.Map("budget", BudgetKeys);
        return budget is null
            ? TaskBudget.Unlimited
            : new TaskBudget(budget.PositiveInteger("tokens", "400000"), budget.PositiveNumber("usd", "2.5"), budget.PositiveInteger("steps", "60"));
    }

    private static string? Command(YamlMap judge)
    {
        var command = judge.String("command");
        if (command is null)
        {
            return null;
        }

        return command.Contains(JudgeSpec.TestPlaceholder, StringComparison.Ordinal)
            ? command.Trim()
            : throw judge.Error("command", $"'{command}' has no {JudgeSpec.TestPlaceholder}", $"put {JudgeSpec.TestPlaceholder} where the test id goes, for example 'python3 -m unittest {JudgeSpec.TestPlaceholder}'");
    }

    private static TimeSpan? Timeout(YamlMap judge) =>
        judge.PositiveNumber("timeout_seconds", "60") is { } seconds ? TimeSpan.FromSeconds((double)seconds) : null;

    private static JudgeSpec Judge(YamlMap judge, string? defaultCommand, TimeSpan? defaultTimeout)
    {
        var command = Command(judge) ?? defaultCommand
            ?? throw judge.Error("command", "missing here and in the suite's judge", $"give the command that runs one test, with {JudgeSpec.TestPlaceholder} for its id, here or as judge.command in {SuiteFile}");
        var failToPass = judge.StringList("fail_to_pass") ?? [];
        if (failToPass.Count == 0)
        {
            throw judge.Error("fail_to_pass", "the judge has no tests that the fix must make pass", "list the ids of the hidden tests that fail on the starting files and pass after a correct fix");
        }

        var passToPass = judge.StringList("pass_to_pass") ?? [];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, ids) in new[] { ("fail_to_pass", failToPass), ("pass_to_pass", passToPass) })
        {
            foreach (var test in ids)
            {
                if (!TestIdPattern().IsMatch(test))
                {
                    throw judge.Error(key, $"'{test}' is not a test id", "a test id has no spaces or quotes, for example 'tests.test_pager.PagerTests.test_first_page' or 'tests/test_x.py::test_y[1]'");
                }

                if (!seen.Add(test))
                {
                    throw judge.Error(key, $"'{test}' is listed twice", "list every test once, in fail_to_pass or in pass_to_pass");
                }
            }
        }

        return new JudgeSpec(command, Timeout(judge) ?? defaultTimeout ?? DefaultJudgeTimeout, failToPass, passToPass);
    }

    private static GitSource? Git(YamlMap task, string folder)
    {
        var git = task.Map("git", GitKeys);
        if (git is null)
        {
            return null;
        }

        var url = git.RequiredString("url", "give the path of a local clone, absolute or relative to the task folder").Trim();
        if (url.Contains("://", StringComparison.Ordinal) || url.StartsWith("git@", StringComparison.Ordinal))
        {
            throw git.Error("url", $"'{url}' is a remote address; tasks are cloned from local repositories only (no network)", "clone it once with git and give the local path");
        }

        var repository = Path.GetFullPath(Path.Combine(folder, url));
        if (!Directory.Exists(repository))
        {
            throw git.Error("url", $"the repository {repository} does not exist", "give the path of a local clone, absolute or relative to the task folder");
        }

        var commit = git.RequiredString("commit", "give the full commit id of the starting files").Trim();
        return CommitPattern().IsMatch(commit)
            ? new GitSource(repository, commit)
            : throw git.Error("commit", $"'{commit}' is not a commit id", "give the commit as 7 to 40 hexadecimal digits (the full id is safest)");
    }

    /// <summary>A folder of the task: the key's value, else the conventional name; it must lie inside the pack.</summary>
    private static string? Folder(YamlMap task, string root, string folder, string key, bool required)
    {
        var given = task.String(key);
        if (given is not null && string.IsNullOrWhiteSpace(given))
        {
            throw task.Error(key, "is empty", $"remove the key to use the {key}/ folder, or give a folder relative to the task folder");
        }

        var relative = given?.Trim() ?? key;
        if (Path.IsPathRooted(relative))
        {
            throw task.Error(key, $"'{relative}' is an absolute path", "give a folder relative to the task folder, inside the suite");
        }

        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(folder, relative)));
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw task.Error(key, $"'{relative}' leads to {full}, outside the suite folder {root}", "keep every folder of a task inside the suite folder");
        }

        if (Directory.Exists(full))
        {
            return full;
        }

        if (File.Exists(full))
        {
            throw task.Error(key, $"{full} is a file, not a folder", $"make {key} a folder");
        }

        if (!required && given is null)
        {
            return null;
        }

        throw required && given is null
            ? new SuiteFormatException(Path.Combine(folder, key), null, "missing: the task has no starting files", "add a repo/ folder with the starting files, or git: {url: LOCAL_CLONE, commit: SHA} in task.yaml")
            : task.Error(key, $"the folder {full} does not exist", "create it or correct the path");
    }

    private static void RefuseLinks(string root)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false, ReturnSpecialDirectories = false };
        foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos("*", options))
        {
            if (entry.LinkTarget is not null)
            {
                throw new SuiteFormatException(entry.FullName, null, $"is a symbolic link (to {entry.LinkTarget}); a task pack holds no links", "replace the link by a copy of what it points to");
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_./:\[\]@=+,-]+$")]
    private static partial Regex TestIdPattern();

    [GeneratedRegex("^[0-9a-fA-F]{7,40}$")]
    private static partial Regex CommitPattern();
}
