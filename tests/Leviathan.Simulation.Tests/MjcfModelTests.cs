using System.Xml.Linq;
using Leviathan.Simulation.Mjcf;
using Leviathan.Simulation.Running;

namespace Leviathan.Simulation.Tests;

public sealed class MjcfModelTests(SimulationFixture fixture) : IClassFixture<SimulationFixture>
{
    /// <summary>A benchmark-like scene: floor, wall, goal zone, a free payload, a motor arm with a force limit, a slider servo and a mesh part.</summary>
    private static MjcfModel Scene() => new()
    {
        Name = "push to goal",
        Compiler = new MjcfCompiler { Angle = "radian" },
        Option = new MjcfOption { Timestep = 0.002, Gravity = new Vec3(0, 0, -9.81), Integrator = "Euler" },
        Meshes = [new MjcfMesh("wedge", "wedge.stl") { Scale = new Vec3(1, 1, 1) }],
        Materials = [new MjcfMaterial("steel", new Rgba(0.6, 0.6, 0.65))],
        Worldbody = new MjcfBody
        {
            Geoms =
            [
                new MjcfGeom(MjcfGeomType.Plane) { Name = "floor", Size = [5, 5, 0.1], Friction = [1, 0.005, 0.0001] },
                new MjcfGeom(MjcfGeomType.Box) { Name = "wall", Size = [0.05, 1, 0.2], Pos = new Vec3(1.5, 0, 0.2), Material = "steel" },
            ],
            Sites = [new MjcfSite("goal") { Type = MjcfGeomType.Box, Size = [0.2, 0.2, 0.01], Pos = new Vec3(1, 0, 0.01), Color = new Rgba(0, 1, 0, 0.3) }],
            Bodies =
            [
                new MjcfBody
                {
                    Name = "payload",
                    Pos = new Vec3(0.3, 0, 0.1),
                    Joints = [new MjcfJoint("payload_free", MjcfJointType.Free)],
                    Geoms = [new MjcfGeom(MjcfGeomType.Box) { Name = "payload_box", Size = [0.05, 0.05, 0.05], Mass = 0.5 }],
                },
                new MjcfBody
                {
                    Name = "arm",
                    Pos = new Vec3(0, 0, 0.3),
                    Joints = [new MjcfJoint("shoulder", MjcfJointType.Hinge) { Axis = new Vec3(0, 0, 1), Range = new MjcfRange(-1.5, 1.5), Damping = 0.1, Armature = 0.01 }],
                    Geoms = [new MjcfGeom(MjcfGeomType.Capsule) { Name = "arm_rod", FromTo = [0, 0, 0, 0.4, 0, 0], Size = [0.02], Density = 2700 }],
                    Sites = [new MjcfSite("arm_end") { Pos = new Vec3(0.4, 0, 0), Size = [0.01] }],
                    Bodies =
                    [
                        new MjcfBody
                        {
                            Name = "slider",
                            Pos = new Vec3(0.4, 0, 0),
                            Inertial = new MjcfInertial(0.2, new Vec3(0.02, 0, 0.01)) { FullInertia = [2e-4, 3e-4, 4e-4, 1e-5, 0, -2e-5] },
                            Joints = [new MjcfJoint("extend", MjcfJointType.Slide) { Axis = new Vec3(1, 0, 0), Range = new MjcfRange(0, 0.2) }],
                            Geoms = [new MjcfGeom(MjcfGeomType.Mesh) { Name = "wedge_part", Mesh = "wedge", Mass = 0.2, Contype = 1, Conaffinity = 1, Condim = 3 }],
                        },
                    ],
                },
                new MjcfBody { Name = "marker", Mocap = true, Pos = new Vec3(0, 1, 1), Geoms = [new MjcfGeom(MjcfGeomType.Sphere) { Size = [0.02], Contype = 0, Conaffinity = 0 }] },
            ],
        },
        Actuators =
        [
            new MjcfActuator(MjcfActuatorKind.Motor, "shoulder_motor", "shoulder") { Gear = 1, CtrlRange = new MjcfRange(-1, 1), ForceRange = new MjcfRange(-2, 2) },
            new MjcfActuator(MjcfActuatorKind.Position, "extend_servo", "extend") { Kp = 50, CtrlRange = new MjcfRange(0, 0.2) },
        ],
    };

    private string WriteScene(MjcfModel model)
    {
        var path = fixture.Write(MjcfWriter.ToXml(model));
        StlFiles.WriteTetrahedron(Path.Combine(Path.GetDirectoryName(path)!, "wedge.stl"), 0.1f);
        return path;
    }

    [Fact]
    public async Task ToXml_Scene_IsAcceptedByMujocoWithTheSameCounts()
    {
        var model = Scene();

        var report = await fixture.Client.ValidateAsync(ModelSource.FromFile(WriteScene(model)), new Validation.ValidationOptions { Frames = 200 }, CancellationToken.None);

        report.Errors.ShouldBeEmpty(string.Join("; ", report.Errors));
        report.Stats.NBody.ShouldBe(model.BodyCount);
        report.Stats.NGeom.ShouldBe(model.GeomCount);
        report.Stats.NJnt.ShouldBe(model.JointCount);
        report.Stats.Nu.ShouldBe(model.Actuators.Count);
    }

    [Fact]
    public async Task ToXml_Scene_MotorAndServoMoveTheirBodies()
    {
        var path = WriteScene(Scene());

        var result = await fixture.Client.SimulateAsync(
            new SimulationRequest
            {
                Model = ModelSource.FromFile(path),
                Seconds = 0.5,
                Bodies = ["arm", "slider", "payload"],
                Controls = new Dictionary<string, ControlSignal> { ["shoulder_motor"] = ControlSignal.Constant(1), ["extend_servo"] = ControlSignal.Constant(0.15) },
            },
            CancellationToken.None);

        result.Succeeded.ShouldBeTrue(result.Error?.Message ?? result.Instability?.Reason);
        result.FinalPoses["arm"].Orientation.Z.ShouldBeGreaterThan(0.05, "the shoulder motor turns the arm about +z");
        result.FinalPoses["payload"].Position.Z.ShouldBe(0.05, 0.005);
    }

    [Fact]
    public void Parse_OfToXml_SerializesToTheSameXml()
    {
        var xml = MjcfWriter.ToXml(Scene());

        var parsed = MjcfReader.Parse(xml);

        MjcfWriter.ToXml(parsed).ShouldBe(xml);
        parsed.Actuators[0].ForceRange.ShouldBe(new MjcfRange(-2, 2));
        parsed.Worldbody.Sites[0].Name.ShouldBe("goal");
        parsed.Worldbody.Bodies[1].Bodies[0].Geoms[0].Mesh.ShouldBe("wedge");
        parsed.Worldbody.Bodies[1].Bodies[0].Inertial!.FullInertia.ShouldBe([2e-4, 3e-4, 4e-4, 1e-5, 0, -2e-5]);
        xml.ShouldContain("<inertial pos=\"0.02 0 0.01\" mass=\"0.2\" fullinertia=\"0.0002 0.0003 0.0004 1E-05 0 -2E-05\" />");
    }

    [Fact]
    public void ToXml_OfParse_ReproducesXmlInCanonicalOrder()
    {
        const string xml = """
            <mujoco model="pendulum">
              <option timestep="0.001" gravity="0 0 -9.81" />
              <worldbody>
                <geom name="floor" type="plane" size="2 2 0.1" />
                <body name="bob" pos="0 0 1">
                  <joint name="pivot" type="hinge" axis="0 1 0" limited="true" range="-3.14 3.14" damping="0.01" />
                  <geom name="rod" type="capsule" size="0.01" fromto="0 0 0 0 0 -0.5" mass="0.1" />
                </body>
              </worldbody>
              <actuator>
                <motor name="torque" joint="pivot" gear="2" ctrllimited="true" ctrlrange="-1 1" forcelimited="true" forcerange="-0.5 0.5" />
              </actuator>
            </mujoco>
            """;

        MjcfWriter.ToXml(MjcfReader.Parse(xml)).ShouldBe(XDocument.Parse(xml).ToString());
    }

    [Fact]
    public void ToXml_Numbers_RoundTripExactly()
    {
        var model = new MjcfModel
        {
            Worldbody = new MjcfBody { Geoms = [new MjcfGeom(MjcfGeomType.Sphere) { Name = "s", Size = [0.1 + 0.2], Pos = new Vec3(1.0 / 3, -2e-7, 12345.678) }] },
        };

        var parsed = MjcfReader.Parse(MjcfWriter.ToXml(model));

        parsed.Worldbody.Geoms[0].Size![0].ShouldBe(0.1 + 0.2);
        parsed.Worldbody.Geoms[0].Pos.ShouldBe(new Vec3(1.0 / 3, -2e-7, 12345.678));
    }

    [Theory]
    [InlineData("<mujoco><worldbody/><tendon/></mujoco>", "<tendon> inside <mujoco>")]
    [InlineData("<mujoco><worldbody><geom type=\"sphere\" size=\"1\" colour=\"red\"/></worldbody></mujoco>", "attribute 'colour' of <geom>")]
    [InlineData("<mujoco><worldbody><geom type=\"sphre\"/></worldbody></mujoco>", "'sphre', expected plane, sphere")]
    [InlineData("<mujoco><worldbody><body><joint type=\"hinge\"/></body></worldbody></mujoco>", "<joint> needs the attribute 'name'")]
    [InlineData("<mujoco><worldbody><body><inertial pos=\"0 0 0\" mass=\"1\" diaginertia=\"1 1 1\" fullinertia=\"1 1 1 0 0 0\"/></body></worldbody></mujoco>", "exactly one of diaginertia and fullinertia")]
    [InlineData("<mujoco><worldbody><body><inertial pos=\"0 0 0\" diaginertia=\"1 1 1\"/></body></worldbody></mujoco>", "<inertial> needs the attribute 'mass'")]
    public void Parse_OutsideTheObjectModel_IsRejectedWithTheReason(string xml, string message)
    {
        var ex = Should.Throw<MjcfFormatException>(() => MjcfReader.Parse(xml));

        ex.Message.ShouldContain(message);
        ex.Line.ShouldBe(1);
    }
}
