namespace Leviathan.Tools.Tests.Edits;

/// <summary>SEARCH/REPLACE blocks in the aider format, as models write them.</summary>
public sealed class SearchReplaceTests : EditTestBase
{
    private const string App = """
        from flask import Flask

        app = Flask(__name__)


        @app.route("/")
        def index():
            return "hello"


        def factorial(n):
            if n == 0:
                return 1
            return n * factorial(n - 1)

        """;

    public static readonly TheoryData<EditCase> Applied =
    [
        new EditCase(
            "exact match, fenced as aider prints it",
            new Dictionary<string, string> { ["app.py"] = App },
            """
            app.py
            ```python
            <<<<<<< SEARCH
            from flask import Flask
            =======
            import math
            from flask import Flask
            >>>>>>> REPLACE
            ```
            """,
            After: new Dictionary<string, string?> { ["app.py"] = "import math\n" + App }),

        new EditCase(
            "several blocks for one file apply in order",
            new Dictionary<string, string> { ["app.py"] = App },
            """
            app.py
            <<<<<<< SEARCH
            def factorial(n):
                if n == 0:
                    return 1
                return n * factorial(n - 1)
            =======
            >>>>>>> REPLACE

            app.py
            <<<<<<< SEARCH
                return "hello"
            =======
                return str(math.factorial(10))
            >>>>>>> REPLACE
            """,
            After: new Dictionary<string, string?>
            {
                ["app.py"] = App.Replace("def factorial(n):\n    if n == 0:\n        return 1\n    return n * factorial(n - 1)\n", "", StringComparison.Ordinal)
                    .Replace("return \"hello\"", "return str(math.factorial(10))", StringComparison.Ordinal),
            }),

        new EditCase(
            "a block without a path line reuses the previous block's path",
            new Dictionary<string, string> { ["app.py"] = App },
            """
            app.py
            <<<<<<< SEARCH
            app = Flask(__name__)
            =======
            app = Flask("demo")
            >>>>>>> REPLACE
            <<<<<<< SEARCH
                return "hello"
            =======
                return "hi"
            >>>>>>> REPLACE
            """,
            After: new Dictionary<string, string?>
            {
                ["app.py"] = App.Replace("Flask(__name__)", "Flask(\"demo\")", StringComparison.Ordinal).Replace("\"hello\"", "\"hi\"", StringComparison.Ordinal),
            }),

        new EditCase(
            "decorated path lines are cleaned",
            new Dictionary<string, string> { ["src/app.py"] = App },
            """
            **`src/app.py`**:
            ```python
            <<<<<<< SEARCH
                return "hello"
            =======
                return "bye"
            >>>>>>> REPLACE
            ```
            """,
            After: new Dictionary<string, string?> { ["src/app.py"] = App.Replace("\"hello\"", "\"bye\"", StringComparison.Ordinal) }),

        new EditCase(
            "empty SEARCH on a missing file creates it, with its folders",
            new Dictionary<string, string> { ["app.py"] = App },
            """
            tests/test_app.py
            <<<<<<< SEARCH
            =======
            from app import factorial


            def test_factorial():
                assert factorial(5) == 120
            >>>>>>> REPLACE
            """,
            After: new Dictionary<string, string?>
            {
                ["app.py"] = App,
                ["tests/test_app.py"] = "from app import factorial\n\n\ndef test_factorial():\n    assert factorial(5) == 120\n",
            }),

        new EditCase(
            "several files in one edit",
            new Dictionary<string, string> { ["a.txt"] = "alpha\nbeta\n", ["b.txt"] = "gamma\ndelta\n" },
            """
            a.txt
            <<<<<<< SEARCH
            beta
            =======
            BETA
            >>>>>>> REPLACE
            b.txt
            <<<<<<< SEARCH
            gamma
            =======
            GAMMA
            >>>>>>> REPLACE
            """,
            After: new Dictionary<string, string?> { ["a.txt"] = "alpha\nBETA\n", ["b.txt"] = "GAMMA\ndelta\n" }),

        new EditCase(
            "exact beats tolerant: the exact place is used even though a trailing-space variant exists",
            new Dictionary<string, string> { ["conf.ini"] = "[a]\nkey = 1   \n[b]\nkey = 1\n" },
            """
            conf.ini
            <<<<<<< SEARCH
            key = 1
            =======
            key = 2
            >>>>>>> REPLACE
            """,
            After: new Dictionary<string, string?> { ["conf.ini"] = "[a]\nkey = 1   \n[b]\nkey = 2\n" }),

        new EditCase(
            "trailing whitespace in the file is ignored when nothing matches exactly",
            new Dictionary<string, string> { ["main.go"] = "package main\n\nfunc main() {  \n\tprintln(\"hi\")\t\n}\n" },
            """
            main.go
            <<<<<<< SEARCH
            func main() {
            	println("hi")
            }
            =======
            func main() {
            	println("hello")
            }
            >>>>>>> REPLACE
            """,
            After: new Dictionary<string, string?> { ["main.go"] = "package main\n\nfunc main() {\n\tprintln(\"hello\")\n}\n" },
            Note: "matched ignoring trailing whitespace"),

        new EditCase(
            "the file is indented more: the replacement is indented to match",
            new Dictionary<string, string>
            {
                ["Calc.cs"] = "namespace Demo;\n\npublic sealed class Calc\n{\n    public int Add(int a, int b)\n    {\n        return a + b;\n    }\n}\n",
            },
            """
            Calc.cs
            <<<<<<< SEARCH
            public int Add(int a, int b)
            {
                return a + b;
            }
            =======
            public int Add(int a, int b)
            {
                checked
                {
                    return a + b;
                }
            }
            >>>>>>> REPLACE
            """,
            After: new Dictionary<string, string?>
            {
                ["Calc.cs"] = "namespace Demo;\n\npublic sealed class Calc\n{\n    public int Add(int a, int b)\n    {\n        checked\n        {\n            return a + b;\n        }\n    }\n}\n",
            },
            Note: "matched with different indentation (the file is indented 4 spaces more); the new text was re-indented to match"),

        new EditCase(
            "the SEARCH is indented more than the file: the replacement is de-indented",
            new Dictionary<string, string> { ["util.py"] = "def add(a, b):\n    return a + b\n" },
            """
            util.py
            <<<<<<< SEARCH
                def add(a, b):
                    return a + b
            =======
                def add(a, b):
                    # Integers only.
                    return int(a) + int(b)
            >>>>>>> REPLACE
            """,
            After: new Dictionary<string, string?> { ["util.py"] = "def add(a, b):\n    # Integers only.\n    return int(a) + int(b)\n" },
            Note: "the file is indented 4 spaces less"),

        new EditCase(
            "tab-indented file, SEARCH one tab shallower",
            new Dictionary<string, string> { ["loop.c"] = "int main(void) {\n\tfor (;;) {\n\t\tstep();\n\t}\n}\n" },
            "loop.c\n<<<<<<< SEARCH\nfor (;;) {\n\tstep();\n}\n=======\nwhile (running()) {\n\tstep();\n}\n>>>>>>> REPLACE\n",
            After: new Dictionary<string, string?> { ["loop.c"] = "int main(void) {\n\twhile (running()) {\n\t\tstep();\n\t}\n}\n" },
            Note: "the file is indented 1 tab more"),

        new EditCase(
            "a path with a space is accepted when the file exists",
            new Dictionary<string, string> { ["my notes.txt"] = "todo\n" },
            "my notes.txt\n<<<<<<< SEARCH\ntodo\n=======\ndone\n>>>>>>> REPLACE\n",
            After: new Dictionary<string, string?> { ["my notes.txt"] = "done\n" }),

        new EditCase(
            "mixed line endings: untouched lines keep their own",
            new Dictionary<string, string> { ["mixed.txt"] = "one\r\ntwo\nthree\r\nfour\n" },
            "mixed.txt\n<<<<<<< SEARCH\ntwo\n=======\n2\n>>>>>>> REPLACE\n",
            After: new Dictionary<string, string?> { ["mixed.txt"] = "one\r\n2\nthree\r\nfour\n" }),

        new EditCase(
            "CRLF line endings and a missing final newline are preserved",
            new Dictionary<string, string> { ["win.txt"] = "one\r\ntwo\r\nthree" },
            "win.txt\n<<<<<<< SEARCH\ntwo\n=======\n2\n>>>>>>> REPLACE\n",
            After: new Dictionary<string, string?> { ["win.txt"] = "one\r\n2\r\nthree" }),
    ];

    public static readonly TheoryData<EditCase> Refused =
    [
        new EditCase(
            "ambiguous: every matching line is named",
            new Dictionary<string, string> { ["list.py"] = "items = []\nitems.append(1)\nitems.append(2)\nitems.append(1)\nprint(items)\nitems.append(1)\n" },
            "list.py\n<<<<<<< SEARCH\nitems.append(1)\n=======\nitems.append(3)\n>>>>>>> REPLACE\n",
            Refusals: ["the SEARCH text occurs 3 times in list.py, starting at lines 2, 4, 6; include more surrounding lines so that exactly one place matches"]),

        new EditCase(
            "ambiguous after ignoring trailing whitespace",
            new Dictionary<string, string> { ["x.txt"] = "a \nb\na  \n" },
            "x.txt\n<<<<<<< SEARCH\na\n=======\nz\n>>>>>>> REPLACE\n",
            Refusals: ["occurs 2 times in x.txt (ignoring differences in whitespace), starting at lines 1, 3"]),

        new EditCase(
            "one place differs by trailing whitespace, another by indentation: neither wins",
            new Dictionary<string, string> { ["y.py"] = "cleanup()  \nif ok:\n    cleanup()\n" },
            "y.py\n<<<<<<< SEARCH\ncleanup()\n=======\nclose()\n>>>>>>> REPLACE\n",
            Refusals: ["occurs 2 times in y.py (ignoring differences in whitespace), starting at lines 1, 3"]),

        new EditCase(
            "not found: the closest lines are quoted with the difference",
            new Dictionary<string, string> { ["app.py"] = App },
            """
            app.py
            <<<<<<< SEARCH
            def factorial(n):
                if n == 1:
                    return 1
            =======
            def factorial(n):
                if n <= 1:
                    return 1
            >>>>>>> REPLACE
            """,
            Refusals:
            [
                "the SEARCH text (3 lines, starting 'def factorial(n):') was not found in app.py.",
                "Did you mean lines 11-13 of app.py?",
                "    12|     if n == 0:",
                "  -     if n == 1:",
                "  +     if n == 0:",
            ]),

        new EditCase(
            "not found and nothing similar: asks to read the file again",
            new Dictionary<string, string> { ["app.py"] = App },
            "app.py\n<<<<<<< SEARCH\nSELECT * FROM users WHERE id = ?;\n=======\nSELECT 1;\n>>>>>>> REPLACE\n",
            Refusals: ["No lines of app.py resemble it; read the file again"]),

        new EditCase(
            "indentation that differs non-uniformly is not guessed",
            new Dictionary<string, string> { ["f.py"] = "def f():\n    if x:\n        y()\n" },
            "f.py\n<<<<<<< SEARCH\ndef f():\n  if x:\n      y()\n=======\ndef f():\n  pass\n>>>>>>> REPLACE\n",
            Refusals: ["was not found in f.py", "Did you mean lines 1-3 of f.py?"]),

        new EditCase(
            "a replacement that cannot be de-indented is refused",
            new Dictionary<string, string> { ["util.py"] = "def add(a, b):\n    return a + b\n" },
            "util.py\n<<<<<<< SEARCH\n    def add(a, b):\n        return a + b\n=======\ndef add(a, b):\n    return a - b\n>>>>>>> REPLACE\n",
            Refusals: ["the new text cannot be re-indented to match"]),

        new EditCase(
            "empty SEARCH on an existing file",
            new Dictionary<string, string> { ["app.py"] = App },
            "app.py\n<<<<<<< SEARCH\n=======\nprint('new')\n>>>>>>> REPLACE\n",
            Refusals: ["the SEARCH section is empty, which creates a file, but app.py already exists"]),

        new EditCase(
            "SEARCH in a file that does not exist",
            new Dictionary<string, string> { ["app.py"] = App },
            "ap.py\n<<<<<<< SEARCH\nimport os\n=======\nimport sys\n>>>>>>> REPLACE\n",
            Refusals: ["ap.py does not exist; to create it, leave the SEARCH section empty"]),

        new EditCase(
            "a block without its REPLACE marker",
            new Dictionary<string, string> { ["app.py"] = App },
            "app.py\n<<<<<<< SEARCH\nimport os\n=======\nimport sys\n",
            Refusals: ["the block starting at line 2 has no '>>>>>>> REPLACE' line after its '=======' (line 4)"]),

        new EditCase(
            "a block without a divider",
            new Dictionary<string, string> { ["app.py"] = App },
            "app.py\n<<<<<<< SEARCH\nimport os\n>>>>>>> REPLACE\n",
            Refusals: ["has no '=======' line after its SEARCH text"]),

        new EditCase(
            "a block without any path",
            new Dictionary<string, string> { ["app.py"] = App },
            "<<<<<<< SEARCH\nimport os\n=======\nimport sys\n>>>>>>> REPLACE\n",
            Refusals: ["has no file path; put the path on the line before '<<<<<<< SEARCH'"]),

        new EditCase(
            "prose before the block is not taken for a path, even to create a file",
            new Dictionary<string, string> { ["app.py"] = App },
            "Add a config module like this:\n<<<<<<< SEARCH\n=======\nDEBUG = False\n>>>>>>> REPLACE\n",
            Refusals: ["the line before '<<<<<<< SEARCH' ('Add a config module like this') does not look like a file path"]),

        new EditCase(
            "a '=======' underline inside the text makes the block unclear",
            new Dictionary<string, string> { ["README.rst"] = "Title\n=======\n\nText.\n" },
            "README.rst\n<<<<<<< SEARCH\nTitle\n=======\n=======\nNew title\n=======\n>>>>>>> REPLACE\n",
            Refusals: ["has more than one '=======' line, so where SEARCH ends is unclear"]),

        new EditCase(
            "a path with '..' leaving the workspace",
            new Dictionary<string, string> { ["app.py"] = App },
            "../evil.sh\n<<<<<<< SEARCH\n=======\nrm -rf /\n>>>>>>> REPLACE\n",
            Refusals: ["'../evil.sh' contains '..'; paths may not leave the workspace"]),

        new EditCase(
            "an absolute path",
            new Dictionary<string, string> { ["app.py"] = App },
            "/etc/cron.d/evil\n<<<<<<< SEARCH\n=======\n* * * * * root sh\n>>>>>>> REPLACE\n",
            Refusals: ["'/etc/cron.d/evil' is an absolute path"]),

        new EditCase(
            "a binary file",
            new Dictionary<string, string> { ["logo.png"] = "\u0089PNG\r\n\u001a\n\0\0\0\rIHDR" },
            "logo.png\n<<<<<<< SEARCH\nPNG\n=======\nGIF\n>>>>>>> REPLACE\n",
            Refusals: ["cannot read logo.png: it is a binary file"]),

        new EditCase(
            "every failing block is reported, and the good one is not written",
            new Dictionary<string, string> { ["a.txt"] = "alpha\n", ["b.txt"] = "beta\n" },
            "a.txt\n<<<<<<< SEARCH\nalpha\n=======\nALPHA\n>>>>>>> REPLACE\nb.txt\n<<<<<<< SEARCH\ngamma\n=======\nGAMMA\n>>>>>>> REPLACE\nc.txt\n<<<<<<< SEARCH\nx\n=======\ny\n>>>>>>> REPLACE\n",
            Refusals: ["2 of 3 blocks failed", "Block 2 (b.txt, edit line 8)", "Block 3 (c.txt, edit line 14): c.txt does not exist"]),
    ];

    [Theory]
    [MemberData(nameof(Applied))]
    public void Apply_SearchReplace_WritesExpectedFiles(EditCase row) => RunCase(row);

    [Theory]
    [MemberData(nameof(Refused))]
    public void Apply_SearchReplace_RefusesAndWritesNothing(EditCase row) => RunCase(row);
}
