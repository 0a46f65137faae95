using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Leviathan.Perf.Evaluation;

/// <summary>
/// What this machine charges for the things every sandboxed run does many times: touching fresh memory (a page fault),
/// starting a process, and creating a file or a folder. Virtual machines differ by tens of times in the first two, and the
/// harness's figures with them, so figures from two machines compare only beside these. The third changes on one machine:
/// an ext4 file system without a journal scans past the inodes freed in its last minutes each time it makes a new one.
/// </summary>
internal static class MachineGauge
{
    private const int Page = 4096;

    /// <param name="folder">Where the run's folders go: the new files are made there, and left there.</param>
    public static string Describe(string folder) => string.Create(CultureInfo.InvariantCulture,
        $"machine: {Environment.ProcessorCount} cores; a page fault on fresh memory {PageFaultMicroseconds():0.00} µs, starting /bin/true and waiting for it {ProcessStartMilliseconds():0.00} ms, " +
        $"a new folder with a file in it beside the runs' folders {NewFileMicroseconds(folder):0} µs (means; a few tens of µs unless inodes were freed nearby in the last minutes)");

    /// <summary>Microseconds per folder made with one small file in it, as a workspace or a snapshot store is, two hundred in a row.</summary>
    private static double NewFileMicroseconds(string folder)
    {
        const int count = 200;
        var gauge = Directory.CreateDirectory(Path.Combine(folder, "gauge")).FullName;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var made = Directory.CreateDirectory(Path.Combine(gauge, i.ToString(CultureInfo.InvariantCulture))).FullName;
            File.WriteAllBytes(Path.Combine(made, "file"), [1]);
        }

        return Stopwatch.GetElapsedTime(start).TotalMicroseconds / count;
    }

    /// <summary>Microseconds per first touch of a page of a fresh 32 MiB block (the C library maps a block that large from the kernel, untouched).</summary>
    private static double PageFaultMicroseconds()
    {
        const int size = 32 << 20;
        var block = Marshal.AllocHGlobal(size);
        try
        {
            var start = Stopwatch.GetTimestamp();
            for (var offset = 0; offset < size; offset += Page)
            {
                Marshal.WriteByte(block, offset, 1);
            }

            return Stopwatch.GetElapsedTime(start).TotalMicroseconds / (size / Page);
        }
        finally
        {
            Marshal.FreeHGlobal(block);
        }
    }

    /// <summary>Milliseconds per start of /bin/true through Process.Start, as the sandbox launcher starts its commands, waited for, one at a time.</summary>
    private static double ProcessStartMilliseconds()
    {
        const int count = 50;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            using var process = Process.Start(new ProcessStartInfo("/bin/true") { UseShellExecute = false })!;
            process.WaitForExit();
        }

        return Stopwatch.GetElapsedTime(start).TotalMilliseconds / count;
    }
}
