namespace Clues.Core.Plugins;

/// <summary>The kinds of parts selected by name in the configuration.</summary>
public enum PluginKind
{
    /// <summary><c>[general] LRMS_CLASS</c>.</summary>
    Lrms,
    /// <summary><c>[general] POWERMANAGER_CLASS</c>.</summary>
    PowerManager,
    /// <summary><c>[scheduling] SCHEDULER_CLASSES</c>.</summary>
    Scheduler,
}
