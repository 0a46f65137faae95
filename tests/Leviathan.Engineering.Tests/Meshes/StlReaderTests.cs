using System.Text;
using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Meshes;

namespace Leviathan.Engineering.Tests.Meshes;

public sealed class StlReaderTests
{
    [Fact]
    public void Parse_AsciiAndBinaryOfTheSameBox_GiveTheSameMesh()
    {
        var triangles = MeshBuilder.BoxCorners(Vec3.Zero, new Vec3(10, 10, 10));

        var ascii = StlReader.Parse(Encoding.ASCII.GetBytes(Ascii(triangles)));
        var binary = StlReader.Parse(MeshBuilder.BinaryStl(triangles));

        ascii.Triangles.Count.ShouldBe(12);
        ascii.Vertices.Count.ShouldBe(8);
        binary.Triangles.Count.ShouldBe(12);
        MeshProperties.Compute(ascii).Volume.ShouldBe(1000, 1e-6);
        MeshProperties.Compute(binary).Volume.ShouldBe(1000, 1e-3);
    }

    [Fact]
    public void Parse_AsciiWithABrokenVertex_NamesTheLine()
    {
        var text = "solid x\n facet normal 0 0 1\n  outer loop\n   vertex 0 0 0\n   vertex 1 zero 0\n   vertex 0 1 0\n  endloop\n endfacet\nendsolid x\n";

        var ex = Should.Throw<StlFormatException>(() => StlReader.Parse(Encoding.ASCII.GetBytes(text)));

        ex.Message.ShouldContain("line 5");
    }

    [Fact]
    public void Parse_Garbage_SaysWhatAnStlLooksLike()
    {
        var ex = Should.Throw<StlFormatException>(() => StlReader.Parse(new byte[200]));

        ex.Message.ShouldContain("binary STL");
    }

    private static string Ascii(IEnumerable<(Vec3 A, Vec3 B, Vec3 C)> triangles)
    {
        var text = new StringBuilder("solid box\n");
        foreach (var (a, b, c) in triangles)
        {
            text.Append(" facet normal 0 0 0\n  outer loop\n");
            foreach (var v in new[] { a, b, c })
            {
                text.Append(FormattableString.Invariant($"   vertex {v.X} {v.Y} {v.Z}\n"));
            }

            text.Append("  endloop\n endfacet\n");
        }

        return text.Append("endsolid box\n").ToString();
    }
}
