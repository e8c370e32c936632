using System.Text.RegularExpressions;
using FluentValidation;

namespace ImageRefApi.Core.Policy;

/// <summary>
/// Validates one policy, configured or inline. Property names are the rule keys (<c>allowedRegistries[2]</c>,
/// <c>exemptions[0].reason</c>, <c>severity.POLICY_LATEST_TAG</c>); configuration errors get the
/// <c>TagPolicy:&lt;name&gt;:</c> prefix in front.
/// </summary>
public sealed class TagPolicyRulesValidator : AbstractValidator<TagPolicyRules>
{
    /// <summary>The most entries one list may hold (an inline policy is untrusted input).</summary>
    public const int MaxEntries = 256;

    /// <summary>The longest tag pattern accepted.</summary>
    public const int MaxPatternLength = 1024;

    private const string Levels = "error, warning, info or none";

    internal static readonly string[] Keys =
    [
        "description", "requireTag", "disallowLatest", "disallowChannels", "minPrecision", "allowPrerelease",
        "requireDigest", "requireExisting", "verifyDigest", "allowedRegistries", "deniedRegistries", "allowedTags", "deniedTags", "exemptions",
        "severity", "failOn",
    ];

    /// <summary>Creates the validator.</summary>
    public TagPolicyRulesValidator()
    {
        RuleFor(r => r.Description).MaximumLength(500).OverridePropertyName("description")
            .WithMessage("description is longer than 500 characters");

        RuleFor(r => r.MinPrecision)
            .Must(p => p is null || TagPolicy.TryParsePrecision(p, out _))
            .OverridePropertyName("minPrecision")
            .WithMessage(r => $"'{r.MinPrecision}' is not a precision; expected major, minor or patch");

        RuleFor(r => r.FailOn)
            .Must(p => p is null || TagPolicy.TryParseSeverity(p, out _))
            .OverridePropertyName("failOn")
            .WithMessage(r => $"'{r.FailOn}' is not a level; expected {Levels}");

        // The collections name each offending element themselves (allowedRegistries[2], exemptions[0].reason).
        RuleFor(r => r).Custom((rules, context) =>
        {
            foreach (var key in rules.UnknownKeys?.Keys ?? [])
            {
                context.AddFailure(key, $"'{key}' is not a policy key; known keys: {string.Join(", ", Keys)}");
            }

            CheckRegistries(rules.AllowedRegistries, "allowedRegistries", context);
            CheckRegistries(rules.DeniedRegistries, "deniedRegistries", context);
            CheckPatterns(rules.AllowedTags, "allowedTags", context);
            CheckPatterns(rules.DeniedTags, "deniedTags", context);
            CheckExemptions(rules.Exemptions, context);
            CheckSeverities(rules.Severity, context);
        });
    }

    private static bool CheckCount<TItem>(IList<TItem>? list, string key, ValidationContext<TagPolicyRules> context)
    {
        if (list is null)
        {
            return false;
        }

        if (list.Count > MaxEntries)
        {
            context.AddFailure(key, $"{key} has {list.Count} entries; at most {MaxEntries} are allowed");
            return false;
        }

        return true;
    }

    private static void CheckRegistries(IList<string>? list, string key, ValidationContext<TagPolicyRules> context)
    {
        if (!CheckCount(list, key, context))
        {
            return;
        }

        for (var i = 0; i < list!.Count; i++)
        {
            if (!RegistryPattern.TryParse(list[i], out _, out var error))
            {
                context.AddFailure($"{key}[{i}]", error);
            }
        }
    }

    private static void CheckPatterns(IList<string>? list, string key, ValidationContext<TagPolicyRules> context)
    {
        if (!CheckCount(list, key, context))
        {
            return;
        }

        for (var i = 0; i < list!.Count; i++)
        {
            var pattern = list[i];
            var name = $"{key}[{i}]";
            if (string.IsNullOrEmpty(pattern))
            {
                context.AddFailure(name, "is empty; expected a .NET regular expression matched against the whole tag, e.g. v?\\d+\\.\\d+\\.\\d+");
                continue;
            }

            if (pattern.Length > MaxPatternLength)
            {
                context.AddFailure(name, $"is {pattern.Length} characters long; at most {MaxPatternLength} are allowed");
                continue;
            }

            try
            {
                _ = TagPolicy.CreateRegex(pattern, RegexOptions.CultureInvariant);
            }
            catch (ArgumentException ex)
            {
                context.AddFailure(name, $"'{pattern}' is not a valid .NET regular expression: {ex.Message}");
            }
            catch (NotSupportedException)
            {
                context.AddFailure(name, $"'{pattern}' uses a construct the linear-time pattern engine does not run (backreferences, lookarounds, atomic groups); tag patterns are run without backtracking so that none can take exponential time");
            }
        }
    }

    private static void CheckExemptions(IList<PolicyExemption>? list, ValidationContext<TagPolicyRules> context)
    {
        if (!CheckCount(list, "exemptions", context))
        {
            return;
        }

        for (var i = 0; i < list!.Count; i++)
        {
            var exemption = list[i];
            var name = $"exemptions[{i}]";
            if (exemption is null)
            {
                context.AddFailure(name, "is null; expected {\"match\", \"reason\", \"expires\"}");
                continue;
            }

            if (!RegistryPattern.TryParse(exemption.Match, out _, out var error))
            {
                context.AddFailure($"{name}.match", error);
            }

            if (string.IsNullOrWhiteSpace(exemption.Reason))
            {
                context.AddFailure($"{name}.reason", "an exemption needs a reason (it is repeated in the diagnostic)");
            }

            if (exemption.Expires is not null && !TagPolicy.TryParseExpiry(exemption.Expires, out _))
            {
                context.AddFailure($"{name}.expires", $"'{exemption.Expires}' is not an ISO 8601 date or date-time (2026-06-30, 2026-06-30T12:00:00Z)");
            }
        }
    }

    private static void CheckSeverities(IDictionary<string, string>? map, ValidationContext<TagPolicyRules> context)
    {
        foreach (var (code, level) in map ?? new Dictionary<string, string>())
        {
            if (!PolicyDiagnostics.IsKnown(code))
            {
                context.AddFailure(
                    $"severity.{code}",
                    $"'{code}' is not a policy diagnostic code; known codes: {string.Join(", ", PolicyDiagnostics.Descriptors.Select(d => d.Code))}");
            }
            else if (!TagPolicy.TryParseSeverity(level, out _))
            {
                context.AddFailure($"severity.{code}", $"'{level}' is not a level; expected {Levels}");
            }
        }
    }
}
