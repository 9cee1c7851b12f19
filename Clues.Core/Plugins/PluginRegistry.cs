using System.Reflection;
using System.Runtime.Loader;
using Clues.Core.Lrms;
using Clues.Core.Power;
using Clues.Core.Scheduling;

namespace Clues.Core.Plugins;

/// <summary>
/// Every part that configuration can select by name: LRMS plugins, power managers and schedulers, from the
/// built-in assemblies and from third-party assemblies dropped into the plugin folder. A part is found by its
/// .NET type name (full or short) or by a <see cref="CluesPluginAttribute"/> alias such as the original CLUES
/// module name (<c>cluesplugins.slurm</c>, <c>clueslib.schedulers.CLUES_Scheduler_PowOff_IDLE</c>); case-insensitive.
/// </summary>
public sealed class PluginRegistry
{
    private static readonly Dictionary<string, string> NotPorted = new(StringComparer.OrdinalIgnoreCase)
    {
        [SchedulerNames.RecoverOffErr] = "CLUES' Recover_OFF_ERR scheduler was never finished and is not ported: the daemon's own recovery pass (PERIOD_RECOVERY_NODES, RETRIES_POWER_ON) retries OFF_ERR nodes; remove it from SCHEDULER_CLASSES",
        ["CLUES_Scheduler_Recover_OFF_ERR"] = "CLUES' Recover_OFF_ERR scheduler was never finished and is not ported: the daemon's own recovery pass (PERIOD_RECOVERY_NODES, RETRIES_POWER_ON) retries OFF_ERR nodes; remove it from SCHEDULER_CLASSES",
    };

    private readonly Dictionary<PluginKind, Dictionary<string, Type>> _byName = new()
    {
        [PluginKind.Lrms] = new(StringComparer.OrdinalIgnoreCase),
        [PluginKind.PowerManager] = new(StringComparer.OrdinalIgnoreCase),
        [PluginKind.Scheduler] = new(StringComparer.OrdinalIgnoreCase),
    };
    private readonly List<string> _loadErrors = [];
    private readonly List<Assembly> _pluginDirectoryAssemblies = [];

    /// <summary>Builds the registry from assemblies.</summary>
    public PluginRegistry(IEnumerable<Assembly> assemblies)
    {
        foreach (var assembly in assemblies.Distinct())
        {
            Register(assembly);
        }
    }

    /// <summary>Problems met while loading plugin assemblies (reported by <c>clues-host check</c> and at start-up).</summary>
    public IReadOnlyList<string> LoadErrors => _loadErrors;

    /// <summary>The assemblies loaded from the plugin folder, in load order (<c>clues-host check</c> lists them).</summary>
    public IReadOnlyList<Assembly> PluginDirectoryAssemblies => _pluginDirectoryAssemblies;

    /// <summary>
    /// The registry of the built-in parts (this assembly and every <c>Clues.Plugins.*.dll</c> next to the program)
    /// plus every <c>*.dll</c> in <paramref name="pluginDirectory"/>, if it exists.
    /// </summary>
    public static PluginRegistry Create(string? pluginDirectory)
    {
        var assemblies = new List<Assembly> { typeof(PluginRegistry).Assembly };
        var errors = new List<string>();
        foreach (var path in Directory.EnumerateFiles(AppContext.BaseDirectory, "Clues.Plugins.*.dll"))
        {
            TryLoad(path, assemblies, errors);
        }
        var builtIn = assemblies.Count;
        if (!string.IsNullOrWhiteSpace(pluginDirectory) && Directory.Exists(pluginDirectory))
        {
            foreach (var path in Directory.EnumerateFiles(pluginDirectory, "*.dll").Order(StringComparer.Ordinal))
            {
                TryLoad(path, assemblies, errors);
            }
        }
        var registry = new PluginRegistry(assemblies);
        registry._loadErrors.AddRange(errors);
        registry._pluginDirectoryAssemblies.AddRange(assemblies.Skip(builtIn).Distinct());
        return registry;
    }

    /// <summary>The names that select parts of a kind (aliases and type names), sorted.</summary>
    public IReadOnlyList<string> Names(PluginKind kind) => _byName[kind].Keys.Order(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>Finds the type selected by <paramref name="name"/>.</summary>
    /// <returns>The type, or null with a message that names the kind and lists what is available.</returns>
    public Type? Resolve(PluginKind kind, string name, out string? error)
    {
        if (_byName[kind].TryGetValue(name.Trim(), out var type))
        {
            error = null;
            return type;
        }
        error = NotPorted.TryGetValue(name.Trim(), out var why)
            ? $"a supported {Describe(kind)}: {why}"
            : $"a known {Describe(kind)}; \"{name}\" is unknown. Available: {string.Join(", ", PreferredNames(kind))}";
        return null;
    }

    /// <summary>The parts <paramref name="assembly"/> provides, each with the name that selects it best.</summary>
    public IReadOnlyList<(PluginKind Kind, string Name)> PartsOf(Assembly assembly) =>
        _byName.SelectMany(k => PreferredNames(k.Value.Where(p => p.Value.Assembly == assembly)).Select(name => (k.Key, name))).ToList();

    private IEnumerable<string> PreferredNames(PluginKind kind) => PreferredNames(_byName[kind]);

    // One name per type: a CLUES module name where there is one, else the .NET type name.
    private static IEnumerable<string> PreferredNames(IEnumerable<KeyValuePair<string, Type>> names) =>
        names.GroupBy(p => p.Value).Select(g => g.Select(p => p.Key).OrderBy(k => k.Contains('.') && !k.StartsWith("Clues.", StringComparison.Ordinal) ? 0 : 1).First())
            .Order(StringComparer.OrdinalIgnoreCase);

    private static string Describe(PluginKind kind) => kind switch
    {
        PluginKind.Lrms => "LRMS plugin, [general] LRMS_CLASS",
        PluginKind.PowerManager => "power manager, [general] POWERMANAGER_CLASS",
        _ => "scheduler, [scheduling] SCHEDULER_CLASSES",
    };

    private static void TryLoad(string path, List<Assembly> assemblies, List<string> errors)
    {
        try
        {
            var name = AssemblyName.GetAssemblyName(path);
            var loaded = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => AssemblyName.ReferenceMatchesDefinition(a.GetName(), name));
            assemblies.Add(loaded ?? AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.GetFullPath(path)));
        }
        catch (Exception ex) when (ex is BadImageFormatException or FileLoadException or IOException)
        {
            errors.Add($"plugin assembly '{path}' could not be loaded: {ex.Message}");
        }
    }

    private void Register(Assembly assembly)
    {
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            _loadErrors.Add($"plugin assembly '{assembly.Location}' has types that could not be loaded: {ex.LoaderExceptions.FirstOrDefault()?.Message}");
            types = ex.Types.OfType<Type>().ToArray();
        }
        foreach (var type in types)
        {
            // Public types are selectable by type name; internal ones only when they declare a name. The simulator's
            // plugins need the simulated cluster and are wired by the simulator itself.
            var named = type.IsDefined(typeof(CluesPluginAttribute), inherit: false);
            if (!type.IsClass || type.IsAbstract || !(type.IsPublic || named) || type.Namespace == typeof(Simulation.SimulatedLrms).Namespace)
            {
                continue;
            }
            if (typeof(ILrmsPlugin).IsAssignableFrom(type))
            {
                Add(PluginKind.Lrms, type);
            }
            if (typeof(IPowerManager).IsAssignableFrom(type))
            {
                Add(PluginKind.PowerManager, type);
            }
            if (typeof(IScheduler).IsAssignableFrom(type))
            {
                Add(PluginKind.Scheduler, type);
            }
        }
    }

    private void Add(PluginKind kind, Type type)
    {
        var names = type.GetCustomAttributes<CluesPluginAttribute>().Select(a => a.Name)
            .Append(type.FullName!).Append(type.Name);
        foreach (var name in names)
        {
            // An alias defines the name; a later type with the same short name does not steal it.
            _byName[kind].TryAdd(name, type);
            var lastDot = name.LastIndexOf('.');
            if (name.StartsWith("clueslib.", StringComparison.OrdinalIgnoreCase) && lastDot > 0)
            {
                // CLUES' example config writes scheduler class names without their module.
                _byName[kind].TryAdd(name[(lastDot + 1)..], type);
            }
        }
    }
}
