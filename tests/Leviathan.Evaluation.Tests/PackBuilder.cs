using Leviathan.Testing;

namespace Leviathan.Evaluation.Tests;

/// <summary>A small valid task pack in a temporary folder, for tests to break one rule at a time.</summary>
internal sealed class PackBuilder : IDisposable
{
    public const string SuiteYaml = """
        id: tiny
        title: Tiny suite
        time_limit_minutes: 10
        budget:
          tokens: 1000
          usd: 0.5
          steps: 20
        judge:
          command: python3 -B -m unittest {test}
          timeout_seconds: 30
        """;

    private readonly TempDirectory _temp = new("leviathan-pack");

    public PackBuilder(int tasks = 1)
    {
        Root = _temp.Combine("pack");
        Directory.CreateDirectory(Root);
        Write("suite.yaml", SuiteYaml);
        for (var i = 1; i <= tasks; i++)
        {
            AddTask($"task-{i}");
        }
    }

    public string Root { get; }

    /// <summary>The temporary folder around the pack (outside it).</summary>
    public string Outside => _temp.Path;

    public static string TaskYaml(string id) => $"""
        id: {id}
        goal: |
          add() returns the wrong sum for negative numbers.
        verify: python3 -B -m unittest discover -s tests -t .
        judge:
          fail_to_pass:
            - tests.test_hidden.HiddenTests.test_negative
          pass_to_pass:
            - tests.test_calc.CalcTests.test_positive
        """;

    public void AddTask(string folder, string? yaml = null)
    {
        Write($"{folder}/task.yaml", yaml ?? TaskYaml(folder));
        Write($"{folder}/repo/calc.py", "def add(a, b):\n    return abs(a) + abs(b)\n");
        Write($"{folder}/repo/tests/__init__.py", string.Empty);
        Write($"{folder}/repo/tests/test_calc.py", "import unittest\nfrom calc import add\n\n\nclass CalcTests(unittest.TestCase):\n    def test_positive(self):\n        self.assertEqual(add(2, 3), 5)\n");
        Write($"{folder}/hidden/tests/test_hidden.py", "import unittest\nfrom calc import add\n\n\nclass HiddenTests(unittest.TestCase):\n    def test_negative(self):\n        self.assertEqual(add(-2, 3), 1)\n");
        Write($"{folder}/reference/calc.py", "def add(a, b):\n    return a + b\n");
    }

    public string Path(string relative) => System.IO.Path.Combine(Root, relative);

    public void Write(string relative, string text)
    {
        var path = Path(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    /// <summary>Rewrites a task's task.yaml with one replacement.</summary>
    public void Edit(string relative, string from, string to)
    {
        var text = File.ReadAllText(Path(relative));
        text.ShouldContain(from);
        File.WriteAllText(Path(relative), text.Replace(from, to, StringComparison.Ordinal));
    }

    public void Dispose() => _temp.Dispose();
}
