namespace Leviathan.Server.Tests.Evaluations;

/// <summary>A one-task pack (docs/evaluation.md): add() sums absolute values; a hidden test catches negative numbers.</summary>
internal static class TinyPack
{
    public const string FixedCalc = "def add(a, b):\n    return a + b\n";

    /// <summary>Writes the pack into a new folder <paramref name="name"/> under <paramref name="parent"/> and returns it; one task, or the same task under each of <paramref name="tasks"/>.</summary>
    public static string WriteTo(string parent, string name, params string[] tasks)
    {
        var root = Path.Combine(parent, name);
        Write(root, "suite.yaml", """
            id: tiny
            title: Tiny suite
            time_limit_minutes: 10
            budget:
              tokens: 100000
              usd: 5
              steps: 20
            judge:
              command: python3 -B -m unittest {test}
              timeout_seconds: 60
            """);
        foreach (var task in tasks.Length == 0 ? ["negative-sum"] : tasks)
        {
            Write(root, $"{task}/task.yaml", $"""
                id: {task}
                goal: |
                  add() returns the wrong sum for negative numbers (task {task}).
                verify: python3 -B -m unittest discover -s tests -t .
                judge:
                  fail_to_pass:
                    - tests.test_hidden.HiddenTests.test_negative
                  pass_to_pass:
                    - tests.test_calc.CalcTests.test_positive
                """);
            Write(root, $"{task}/repo/calc.py", "def add(a, b):\n    return abs(a) + abs(b)\n");
            Write(root, $"{task}/repo/tests/__init__.py", string.Empty);
            Write(root, $"{task}/repo/tests/test_calc.py", "import unittest\nfrom calc import add\n\n\nclass CalcTests(unittest.TestCase):\n    def test_positive(self):\n        self.assertEqual(add(2, 3), 5)\n");
            Write(root, $"{task}/hidden/tests/test_hidden.py", "import unittest\nfrom calc import add\n\n\nclass HiddenTests(unittest.TestCase):\n    def test_negative(self):\n        self.assertEqual(add(-2, 3), 1)\n");
            Write(root, $"{task}/reference/calc.py", FixedCalc);
        }

        return root;
    }

    private static void Write(string root, string relative, string text)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
