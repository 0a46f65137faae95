namespace Leviathan.Testing;

/// <summary>
/// Runs code with a process environment a hostile user setup could have: <c>GIT_*</c> variables that inject
/// configuration or point git elsewhere, and a personal git configuration that runs a script. Tests that use it
/// belong to the <see cref="HostileEnvironmentCollection"/> so that nothing else runs meanwhile.
/// </summary>
public static class HostileEnvironment
{
    public static async Task RunAsync(string script, string scratch, Func<Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var home = Path.Combine(scratch, "hostile-home");
        Directory.CreateDirectory(home);
        File.WriteAllText(
            Path.Combine(home, ".gitconfig"),
            $"[core]\n\tfsmonitor = {script}\n\thooksPath = {scratch}\n[filter \"x\"]\n\tclean = {script}\n\tsmudge = {script}\n\trequired = true\n[diff]\n\texternal = {script}\n");
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["HOME"] = home,
            ["XDG_CONFIG_HOME"] = home,
            ["GIT_CONFIG_GLOBAL"] = Path.Combine(home, ".gitconfig"),
            ["GIT_CONFIG_NOSYSTEM"] = null,
            ["GIT_CONFIG_COUNT"] = "2",
            ["GIT_CONFIG_KEY_0"] = "core.fsmonitor",
            ["GIT_CONFIG_VALUE_0"] = script,
            ["GIT_CONFIG_KEY_1"] = "core.hooksPath",
            ["GIT_CONFIG_VALUE_1"] = scratch,
            ["GIT_CONFIG_PARAMETERS"] = $"'core.fsmonitor'='{script}'",
            ["GIT_EXTERNAL_DIFF"] = script,
            ["GIT_SSH_COMMAND"] = script,
            ["GIT_PAGER"] = script,
            ["GIT_EDITOR"] = script,
            ["GIT_DIR"] = Path.Combine(scratch, "elsewhere.git"),
            ["GIT_WORK_TREE"] = scratch,
            ["GIT_INDEX_FILE"] = Path.Combine(scratch, "index"),
            ["GIT_OBJECT_DIRECTORY"] = Path.Combine(scratch, "objects"),
        };
        var saved = variables.Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable, StringComparer.Ordinal);
        try
        {
            foreach (var (name, value) in variables)
            {
                Environment.SetEnvironmentVariable(name, value);
            }

            await action();
        }
        finally
        {
            foreach (var (name, value) in saved)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }
}
