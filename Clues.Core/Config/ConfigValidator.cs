using Clues.Core.Config.Validators;

namespace Clues.Core.Config;

/// <summary>
/// Binds every core section and runs one validator per section, collecting every problem without
/// short-circuiting, so a start-up (or <c>clues-host check</c>) reports the whole list at once.
/// </summary>
internal sealed class ConfigValidator
{
    private readonly IReadOnlyList<ISectionValidator> _validators;

    /// <summary>A validator for the core sections.</summary>
    public ConfigValidator()
        : this([new GeneralValidator(), new MonitoringValidator(), new SchedulingValidator(), new HooksValidator(),
                new ClientValidator(), new SimulatorValidator()])
    {
    }

    /// <summary>A validator running the given section validators in order.</summary>
    public ConfigValidator(IReadOnlyList<ISectionValidator> validators)
    {
        ArgumentNullException.ThrowIfNull(validators);
        _validators = validators;
    }

    /// <summary>
    /// Binds and checks the configuration. The problems are also recorded in <see cref="CluesConfig.Errors"/>
    /// (once each, however often this runs); the result lists all of that configuration's problems.
    /// </summary>
    public ConfigValidationResult Validate(CluesConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var options = CluesOptions.Bind(config);
        foreach (var validator in _validators)
        {
            validator.Validate(options, config);
        }
        return new ConfigValidationResult(options, config.Errors.ToArray());
    }
}
