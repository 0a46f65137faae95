namespace Leviathan.Testing;

/// <summary>Small MJCF models shared by the simulation and CLI tests.</summary>
public static class MjcfSamples
{
    /// <summary>A 0.2 m box, free, 0.5 m above a floor plane; body "box", geoms "floor" and "box_geom".</summary>
    public const string FallingBox = """
        <mujoco model="falling box">
          <worldbody>
            <geom name="floor" type="plane" size="5 5 0.1"/>
            <body name="box" pos="0 0 0.5">
              <freejoint/>
              <geom name="box_geom" type="box" size="0.1 0.1 0.1" mass="1"/>
            </body>
          </worldbody>
        </mujoco>
        """;
}
