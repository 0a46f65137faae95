namespace Leviathan.Simulation.Workers;

/// <summary>Entry point of the worker process that hosts MuJoCo; the host starts it, users never do.</summary>
internal static class WorkerProgram
{
    public const string WorkerArgument = "--leviathan-sim-worker";

    public static int Main(string[] args)
    {
        if (args is not [WorkerArgument])
        {
            Console.Error.WriteLine("Leviathan.Simulation is the MuJoCo worker process of 'leviathan'; it is started by 'leviathan sim ...', not by hand.");
            return 2;
        }

        return WorkerLoop.Run(Console.OpenStandardInput());
    }
}
