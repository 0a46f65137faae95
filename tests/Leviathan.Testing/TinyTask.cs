namespace Leviathan.Testing;

/// <summary>
/// The files of a one-bug task in the task pack format (docs/evaluation.md): <c>add()</c> sums absolute values, a hidden
/// test catches negative numbers, and a reference fix sits beside the task.
/// </summary>
public static class TinyTask
{
    /// <summary>calc.py with the bug fixed (the reference fix).</summary>
    public const string FixedCalc = "def add(a, b):\n    return a + b\n";

    /// <summary>A suite.yaml for the pack (id <c>tiny</c>), with the given budget and judge timeout.</summary>
    public static string SuiteYaml(long tokens, double usd, int judgeTimeoutSeconds) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"""
        id: tiny
        title: Tiny suite
        time_limit_minutes: 10
        budget:
          tokens: {tokens}
          usd: {usd}
          steps: 20
        judge:
          command: python3 -B -m unittest {"{test}"}
          timeout_seconds: {judgeTimeoutSeconds}
        """);

    /// <summary>A task.yaml for the task <paramref name="id"/>: the goal, the verify command and the hidden tests the judge runs.</summary>
    public static string TaskYaml(string id, string goal = "add() returns the wrong sum for negative numbers.") => $"""
        id: {id}
        goal: |
          {goal}
        verify: python3 -B -m unittest discover -s tests -t .
        judge:
          fail_to_pass:
            - tests.test_hidden.HiddenTests.test_negative
          pass_to_pass:
            - tests.test_calc.CalcTests.test_positive
        """;

    /// <summary>Writes the task's folder <paramref name="folder"/> under the pack <paramref name="root"/>: task.yaml (<paramref name="yaml"/>, or <see cref="TaskYaml"/>), repo/, hidden/ and reference/.</summary>
    public static void Write(string root, string folder, string? yaml = null)
    {
        WriteFile(root, $"{folder}/task.yaml", yaml ?? TaskYaml(folder));
        WriteFile(root, $"{folder}/repo/calc.py", "def add(a, b):\n    return abs(a) + abs(b)\n");
        WriteFile(root, $"{folder}/repo/tests/__init__.py", string.Empty);
        WriteFile(root, $"{folder}/repo/tests/test_calc.py", "import unittest\nfrom calc import add\n\n\nclass CalcTests(unittest.TestCase):\n    def test_positive(self):\n        self.assertEqual(add(2, 3), 5)\n");
        WriteFile(root, $"{folder}/hidden/tests/test_hidden.py", "import unittest\nfrom calc import add\n\n\nclass HiddenTests(unittest.TestCase):\n    def test_negative(self):\n        self.assertEqual(add(-2, 3), 1)\n");
        WriteFile(root, $"{folder}/reference/calc.py", FixedCalc);
    }

    /// <summary>Writes <paramref name="text"/> to <paramref name="relative"/> under <paramref name="root"/>, making its folders.</summary>
    public static void WriteFile(string root, string relative, string text)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
