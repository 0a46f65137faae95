using Leviathan.Testing;

namespace Leviathan.Evaluation.Tests;

/// <summary>A small valid task pack in a temporary folder, for tests to break one rule at a time.</summary>
internal sealed class PackBuilder : IDisposable
{
    private readonly TempDirectory _temp = new("leviathan-pack");

    public PackBuilder(int tasks = 1)
    {
        Root = _temp.Combine("pack");
        Directory.CreateDirectory(Root);
        Write("suite.yaml", TinyTask.SuiteYaml(tokens: 1000, usd: 0.5, judgeTimeoutSeconds: 30));
        for (var i = 1; i <= tasks; i++)
        {
            AddTask($"task-{i}");
        }
    }

    public string Root { get; }

    /// <summary>The temporary folder around the pack (outside it).</summary>
    public string Outside => _temp.Path;

    /// <summary>Adds a <see cref="TinyTask"/> in <paramref name="folder"/>, with <paramref name="yaml"/> as its task.yaml when given.</summary>
    public void AddTask(string folder, string? yaml = null) => TinyTask.Write(Root, folder, yaml);

    public string Path(string relative) => System.IO.Path.Combine(Root, relative);

    public void Write(string relative, string text) => TinyTask.WriteFile(Root, relative, text);

    /// <summary>Rewrites a task's task.yaml with one replacement.</summary>
    public void Edit(string relative, string from, string to)
    {
        var text = File.ReadAllText(Path(relative));
        text.ShouldContain(from);
        File.WriteAllText(Path(relative), text.Replace(from, to, StringComparison.Ordinal));
    }

    public void Dispose() => _temp.Dispose();
}
