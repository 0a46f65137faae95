namespace Leviathan.Simulation.Mjcf;

/// <summary><c>&lt;compiler&gt;</c>: angles in radians by default here (MuJoCo's own default is degrees).</summary>
public sealed record MjcfCompiler
{
    /// <summary>"radian" or "degree".</summary>
    public string Angle { get; init; } = "radian";

    /// <summary>Folder for mesh files, relative to the model file.</summary>
    public string? MeshDir { get; init; }

    /// <summary>Infer ctrllimited/forcelimited/limited from the presence of a range (2.2.2 needs it explicit otherwise).</summary>
    public bool? AutoLimits { get; init; }
}
