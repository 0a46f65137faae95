namespace Leviathan.Engineering.Meshes;

/// <summary>A symmetric inertia tensor in MuJoCo's <c>fullinertia</c> order: Ixx Iyy Izz Ixy Ixz Iyz.</summary>
public readonly record struct InertiaTensor(double Ixx, double Iyy, double Izz, double Ixy, double Ixz, double Iyz)
{
    public InertiaTensor Scale(double factor) => new(Ixx * factor, Iyy * factor, Izz * factor, Ixy * factor, Ixz * factor, Iyz * factor);

    public double[] ToArray() => [Ixx, Iyy, Izz, Ixy, Ixz, Iyz];
}
