using Leviathan.Testing;

namespace Leviathan.Simulation.Tests;

/// <summary>Small MJCF models, each made to trigger one finding.</summary>
internal static class TestModels
{
    public const string FallingBox = MjcfSamples.FallingBox;

    /// <summary>A hinge driven by a motor with limited force; "arm_tip" is 0.5 m from the axis.</summary>
    public const string MotorArm = """
        <mujoco model="motor arm">
          <option gravity="0 0 0" timestep="0.002"/>
          <worldbody>
            <body name="arm" pos="0 0 1">
              <joint name="hinge" type="hinge" axis="0 0 1" damping="0.5"/>
              <geom name="rod" type="capsule" fromto="0 0 0 0.5 0 0" size="0.02" mass="0.5"/>
              <body name="arm_tip" pos="0.5 0 0">
                <geom name="tip" type="sphere" size="0.03" mass="0.1"/>
              </body>
            </body>
          </worldbody>
          <actuator>
            <motor name="drive" joint="hinge" gear="1" ctrllimited="true" ctrlrange="-1 1" forcelimited="true" forcerange="-1 1"/>
          </actuator>
        </mujoco>
        """;

    public const string NotWellFormed = """
        <mujoco>
          <worldbody>
            <geom type="sphere" size="1">
          </worldbody>
        </mujoco>
        """;

    public const string UnknownAttribute = """
        <mujoco>
          <worldbody>
            <geom type="sphere" size="1" colour="red"/>
          </worldbody>
        </mujoco>
        """;

    public const string UnknownElement = """
        <mujoco>
          <worldbody>
            <gizmo/>
          </worldbody>
        </mujoco>
        """;

    public const string BadKeyword = """
        <mujoco>
          <worldbody>
            <geom type="sphre" size="1"/>
          </worldbody>
        </mujoco>
        """;

    public const string MissingMesh = """
        <mujoco>
          <asset>
            <mesh name="bracket" file="bracket.stl"/>
          </asset>
          <worldbody>
            <geom type="mesh" mesh="bracket"/>
          </worldbody>
        </mujoco>
        """;

    public const string MissingInclude = """
        <mujoco>
          <include file="parts/robot.xml"/>
          <worldbody/>
        </mujoco>
        """;

    public const string Massless = """
        <mujoco>
          <worldbody>
            <body name="ghost">
              <joint type="hinge"/>
              <geom type="sphere" size="0.1" mass="0"/>
            </body>
          </worldbody>
        </mujoco>
        """;

    public const string UnknownJointTarget = """
        <mujoco>
          <worldbody>
            <body name="b"><joint name="j" type="hinge"/><geom type="sphere" size="0.1"/></body>
          </worldbody>
          <actuator><motor name="m" joint="elbow"/></actuator>
        </mujoco>
        """;

    /// <summary>Two free balls that overlap by 20 mm at t = 0.</summary>
    public const string Overlapping = """
        <mujoco>
          <worldbody>
            <geom name="floor" type="plane" size="5 5 0.1"/>
            <body name="left" pos="0 0 0.5"><freejoint/><geom name="left_ball" type="sphere" size="0.1"/></body>
            <body name="right" pos="0.18 0 0.5"><freejoint/><geom name="right_ball" type="sphere" size="0.1"/></body>
          </worldbody>
        </mujoco>
        """;

    /// <summary>A tiny mass on a stiff spring with a timestep far too large: MuJoCo diverges and resets.</summary>
    public const string Exploding = """
        <mujoco>
          <option timestep="0.05" integrator="Euler" gravity="0 0 0"/>
          <worldbody>
            <body name="bob" pos="0 0 1">
              <joint name="slide" type="slide" axis="1 0 0" stiffness="1e12" ref="0.5"/>
              <geom type="sphere" size="0.05" mass="0.001"/>
            </body>
          </worldbody>
        </mujoco>
        """;

    /// <summary>Only static geoms and a mocap body: nothing can move.</summary>
    public const string Static = """
        <mujoco>
          <worldbody>
            <geom name="floor" type="plane" size="5 5 0.1"/>
            <body name="marker" mocap="true" pos="0 0 1"><geom type="sphere" size="0.1" contype="0" conaffinity="0"/></body>
          </worldbody>
        </mujoco>
        """;

    /// <summary>Loads fine, but its 100-number stack overflows once contacts appear: MuJoCo's fatal error handler fires.</summary>
    public const string StackOverflow = """
        <mujoco>
          <size nstack="100"/>
          <worldbody>
            <geom type="plane" size="5 5 0.1"/>
            <body name="b" pos="0 0 0.2"><freejoint/><geom type="box" size="0.1 0.1 0.1"/></body>
          </worldbody>
        </mujoco>
        """;

    /// <summary>Three balls resting on the floor with room for one contact: MuJoCo warns that the contact buffer is full.</summary>
    public const string ContactBufferFull = """
        <mujoco>
          <size nconmax="1"/>
          <worldbody>
            <geom type="plane" size="5 5 0.1"/>
            <body pos="0 0 0.1"><freejoint/><geom type="sphere" size="0.1"/></body>
            <body pos="1 0 0.1"><freejoint/><geom type="sphere" size="0.1"/></body>
            <body pos="2 0 0.1"><freejoint/><geom type="sphere" size="0.1"/></body>
          </worldbody>
        </mujoco>
        """;
}
