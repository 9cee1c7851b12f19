using Clues.Core.Config;

namespace Clues.Cli.Config;

/// <summary>Where the CLI gets its <c>[client]</c> settings (replaceable by the shared configuration loader).</summary>
internal interface IClientConfigLoader
{
    /// <summary>Reads the settings: from <paramref name="explicitFile"/> only when given, else from CLUES' search path.</summary>
    /// <exception cref="ConfigException">A file is unreadable or a value is invalid.</exception>
    ClientOptions Load(string? explicitFile);
}
