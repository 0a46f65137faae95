using System.Globalization;
using System.Text;
using Leviathan.Tools.Workspace;

namespace Leviathan.Tools.Edits;

/// <summary>
/// A text file as lines, remembering what must survive an edit: the newline style, the final
/// newline and a UTF-8 byte order mark.
/// </summary>
internal sealed class TextDocument
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    public TextDocument(List<string> lines, string newline = "\n", bool endsWithNewline = true, bool byteOrderMark = false)
    {
        Lines = lines;
        Newline = newline;
        EndsWithNewline = endsWithNewline;
        ByteOrderMark = byteOrderMark;
    }

    public List<string> Lines { get; }

    public string Newline { get; }

    public bool EndsWithNewline { get; set; }

    public bool ByteOrderMark { get; }

    /// <summary>Splits text into lines without their terminators; a final newline does not start a line.</summary>
    /// <param name="text">The text.</param>
    /// <param name="keepCarriageReturns">Leave a '\r' before '\n' in the line (for files that mix line endings).</param>
    public static List<string> SplitLines(string text, bool keepCarriageReturns = false)
    {
        var lines = new List<string>();
        if (text.Length == 0)
        {
            return lines;
        }

        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                var end = !keepCarriageReturns && i > start && text[i - 1] == '\r' ? i - 1 : i;
                lines.Add(text[start..end]);
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            lines.Add(keepCarriageReturns ? text[start..] : text[start..].TrimEnd('\r'));
        }

        return lines;
    }

    public static TextDocument Parse(string text, bool byteOrderMark = false)
    {
        var newlines = text.AsSpan().Count('\n');
        var crlf = text.AsSpan().Count("\r\n");
        var endsWithNewline = text.Length == 0 || text.EndsWith('\n');
        if (crlf > 0 && crlf < newlines)
        {
            // Mixed endings: keep each line's own '\r' so that lines the edit does not touch keep their bytes.
            return new TextDocument(SplitLines(text, keepCarriageReturns: true), "\n", endsWithNewline, byteOrderMark);
        }

        return new TextDocument(SplitLines(text), crlf > 0 ? "\r\n" : "\n", endsWithNewline, byteOrderMark);
    }

    /// <summary>The largest file the text tools read: bigger ones are logs or data, for run_command.</summary>
    public const long MaxBytes = 20L * 1024 * 1024;

    public const string BinaryReason = "it is a binary file";

    public const string EncodingReason = "it is not valid UTF-8 text, and rewriting it would change bytes outside the edit";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads a text file of a workspace without following any symbolic link; null when it does not exist.</summary>
    /// <param name="files">The workspace's file operations (there is deliberately no overload that takes a bare path).</param>
    /// <param name="fullPath">The file, as <see cref="WorkspaceRoot.Resolve"/> returned it.</param>
    /// <param name="strict">Refuse bytes that are not UTF-8 (for files about to be rewritten); otherwise show them as U+FFFD.</param>
    /// <param name="bytes">The file's bytes, when it exists.</param>
    /// <exception cref="InvalidDataException">The file is binary, too large, not a regular file, or (strict) not UTF-8.</exception>
    public static TextDocument? Load(WorkspaceFileSystem files, string fullPath, bool strict, out byte[]? bytes)
    {
        bytes = files.TryReadAllBytes(fullPath, MaxBytes, TooLarge, out _);
        return bytes is null ? null : FromBytes(bytes, strict);
    }

    /// <summary>Why a file of <paramref name="length"/> bytes is not read.</summary>
    public static string TooLarge(long length) =>
        string.Create(CultureInfo.InvariantCulture, $"it is {length / (1024.0 * 1024):0.0} MB, more than the {MaxBytes / (1024 * 1024)} MB the file tools handle");

    /// <summary>Decodes a file's bytes as UTF-8 text.</summary>
    /// <exception cref="InvalidDataException">The bytes hold NUL characters, or (strict) are not UTF-8.</exception>
    public static TextDocument FromBytes(byte[] bytes, bool strict = true)
    {
        var bom = bytes.AsSpan().StartsWith(Utf8Bom);
        var body = bom ? bytes.AsSpan(Utf8Bom.Length) : bytes.AsSpan();
        if (body[..Math.Min(body.Length, 8192)].Contains((byte)0))
        {
            throw new InvalidDataException(BinaryReason);
        }

        try
        {
            return Parse((strict ? StrictUtf8 : Encoding.UTF8).GetString(body), bom);
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidDataException(EncodingReason);
        }
    }

    public string ToText()
    {
        var text = string.Join(Newline, Lines);
        return EndsWithNewline && Lines.Count > 0 ? text + Newline : text;
    }

    public byte[] ToBytes()
    {
        var text = Encoding.UTF8.GetBytes(ToText());
        return ByteOrderMark ? [.. Utf8Bom, .. text] : text;
    }
}
