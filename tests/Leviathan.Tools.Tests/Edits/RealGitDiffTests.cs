using System.Diagnostics;
using Leviathan.Testing;
using Leviathan.Tools.Edits;
using Leviathan.Tools.Workspace;

namespace Leviathan.Tools.Tests.Edits;

/// <summary>Diffs produced by the real git are applied to a copy of the old tree and must give the new tree.</summary>
public sealed class RealGitDiffTests : IDisposable
{
    private readonly TempDirectory _repo = new("leviathan-git");
    private readonly TempDirectory _copy = new("leviathan-copy");

    public void Dispose()
    {
        _repo.Dispose();
        _copy.Dispose();
    }

    [Theory]
    [InlineData("--unified=3")]
    [InlineData("--unified=1")]
    [InlineData("--no-prefix")]
    public void Apply_GitDiffOfATree_ReproducesTheNewTree(string option)
    {
        var (patch, after) = MakeDiff(option);

        var report = EditEngine.Apply(new WorkspaceRoot(_copy.Path), patch);

        report.Succeeded.ShouldBeTrue($"{report.Describe()}\n--- patch ---\n{patch}");
        foreach (var (path, content) in after)
        {
            var full = Path.Combine(_copy.Path, path);
            if (content is null)
            {
                File.Exists(full).ShouldBeFalse(path);
            }
            else
            {
                File.ReadAllText(full).ShouldBe(content, path);
            }
        }
    }

    [Fact]
    public void Apply_GitDiffWithoutContext_RefusesPureInsertionsAndWritesNothing()
    {
        var (patch, _) = MakeDiff("--unified=0");
        var before = Directory.EnumerateFiles(_copy.Path, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllText);

        var report = EditEngine.Apply(new WorkspaceRoot(_copy.Path), patch);

        report.Succeeded.ShouldBeFalse();
        report.Failures.Select(f => f.Path).ShouldBe(["src/server.js", "src/util.js"]);
        report.Describe().ShouldContain("was the diff made with --unified=0?");
        Directory.EnumerateFiles(_copy.Path, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllText).ShouldBe(before);
    }

    private (string Patch, Dictionary<string, string?> After) MakeDiff(string option)
    {
        var before = new Dictionary<string, string>
        {
            ["src/server.js"] = string.Concat(Enumerable.Range(1, 60).Select(i => $"const handler{i} = (req, res) => res.send('{i}');\n")),
            ["src/util.js"] = "export function add(a, b) {\n  return a + b;\n}\n\nexport function sub(a, b) {\n  return a - b;\n}\n",
            ["old/legacy.txt"] = "remove me\nplease\n",
            ["notes.txt"] = "no newline at the end",
        };
        foreach (var (path, content) in before)
        {
            WriteTo(_repo.Path, path, content);
            WriteTo(_copy.Path, path, content);
        }

        Git("init", "-q");
        Git("add", "-A");
        Git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "before");

        var server = before["src/server.js"]
            .Replace("res.send('5')", "res.json({ n: 5 })", StringComparison.Ordinal)
            .Replace("const handler30 = (req, res) => res.send('30');\n", string.Empty, StringComparison.Ordinal)
            + "const handler61 = (req, res) => res.send('61');\n";
        var after = new Dictionary<string, string?>
        {
            ["src/server.js"] = server,
            ["src/util.js"] = before["src/util.js"].Replace("  return a - b;", "  // Subtract.\n  return a - b;", StringComparison.Ordinal),
            ["old/legacy.txt"] = null,
            ["notes.txt"] = "no newline at the end\nnow there is one\n",
            ["docs/guide.md"] = "# Guide\n\nStart the server.\n",
        };
        foreach (var (path, content) in after)
        {
            if (content is null)
            {
                File.Delete(Path.Combine(_repo.Path, path));
            }
            else
            {
                WriteTo(_repo.Path, path, content);
            }
        }

        Git("add", "-A");
        return (Git("diff", "--cached", option), after);
    }

    private static void WriteTo(string root, string path, string content)
    {
        var full = Path.Combine(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    private string Git(params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = _repo.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, $"git {string.Join(' ', args)}: {error}");
        return output;
    }
}
