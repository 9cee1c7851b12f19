namespace Clues.Tests.Core.Power.CommandLine;

/// <summary>A temporary folder of small sh scripts that stand in for power commands and record what they saw.</summary>
internal sealed class ScriptDirectory : IDisposable
{
    public ScriptDirectory()
    {
        Path = Directory.CreateTempSubdirectory("clues-cmdline-").FullName;
    }

    public string Path { get; }

    /// <summary>Writes a script (run it as `sh path`) and returns its path.</summary>
    public string Script(string name, string body)
    {
        var file = System.IO.Path.Combine(Path, name);
        System.IO.File.WriteAllText(file, "#!/bin/sh\n" + body + "\n");
        return file;
    }

    /// <summary>A script that writes its arguments, one per line, to <c>argv-&lt;name&gt;.txt</c>.</summary>
    public string Recorder(string name = "record") =>
        Script(name + ".sh", $"printf '%s\\n' \"$@\" > '{File(name + ".argv")}'");

    /// <summary>The lines recorded by <see cref="Recorder"/>, or null when it never ran.</summary>
    public string[]? Recorded(string name = "record")
    {
        var file = File(name + ".argv");
        return System.IO.File.Exists(file) ? System.IO.File.ReadAllLines(file) : null;
    }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);

    /// <summary>True when no live process has this pid (a zombie waiting to be reaped counts as gone).</summary>
    public static bool IsGone(int pid)
    {
        try
        {
            var stat = System.IO.File.ReadAllText($"/proc/{pid}/stat");
            // Field 3, after the parenthesised command name, is the state letter.
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>Waits (bounded) until <paramref name="pid"/> is gone.</summary>
    public static async Task<bool> WaitGoneAsync(int pid, TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < until)
        {
            if (IsGone(pid))
            {
                return true;
            }
            await Task.Delay(50);
        }
        return IsGone(pid);
    }
}
