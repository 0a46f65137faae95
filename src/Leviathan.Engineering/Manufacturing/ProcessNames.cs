namespace Leviathan.Engineering.Manufacturing;

/// <summary>The names processes have in JSON and in messages.</summary>
public static class ProcessNames
{
    public static string Of(ManufacturingProcess process) => process switch
    {
        ManufacturingProcess.Print3d => "print3d",
        ManufacturingProcess.CncMilling => "cnc_milling",
        ManufacturingProcess.InjectionMoulding => "injection_moulding",
        _ => process.ToString(),
    };
}
