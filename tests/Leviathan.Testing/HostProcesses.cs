namespace Leviathan.Testing;

/// <summary>Looks for processes on the host by one of their arguments.</summary>
public static class HostProcesses
{
    public static List<int> WithArgument(string argument)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var arguments = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                if (arguments.Contains(argument, StringComparer.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    /// <summary>Waits until <paramref name="condition"/> holds (processes appear or go), for at most about 30 seconds.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var attempt = 0; attempt < 3000 && !condition(); attempt++)
        {
            await Task.Delay(10);
        }
    }
}
