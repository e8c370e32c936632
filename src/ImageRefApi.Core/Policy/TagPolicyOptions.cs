using System.Globalization;
using FluentValidation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ImageRefApi.Core.Policy;

/// <summary>The named policies: the presets, overridden and extended by the <c>TagPolicy</c> configuration section.</summary>
public sealed class TagPolicyOptions
{
    /// <summary>The configuration section: <c>TagPolicy:&lt;name&gt;:&lt;key&gt;</c>.</summary>
    public const string SectionName = "TagPolicy";

    /// <summary>Policies by name (case-insensitive), starting with the presets.</summary>
    public IDictionary<string, TagPolicyRules> Policies { get; } = TagPolicyPresets.Create();

    /// <summary>Values the configuration reader could not convert, already naming their key.</summary>
    internal List<string> ConfigurationErrors { get; } = [];
}

/// <summary>Reads the <c>TagPolicy</c> section by hand, so that a bad value names its key instead of failing
/// inside the binder, lists replace a preset's lists instead of being appended to them, and unknown keys are
/// reported instead of ignored.</summary>
internal static class TagPolicyConfiguration
{
    public static void Apply(IConfigurationSection section, TagPolicyOptions options)
    {
        foreach (var policySection in section.GetChildren())
        {
            var name = policySection.Key;
            if (!options.Policies.TryGetValue(name, out var rules))
            {
                rules = new TagPolicyRules();
                options.Policies[name] = rules;
            }

            if (policySection.Value is { Length: > 0 })
            {
                options.ConfigurationErrors.Add($"{policySection.Path}: expected a section of policy keys, found the value '{policySection.Value}'");
                continue;
            }

            foreach (var item in policySection.GetChildren())
            {
                Apply(item, rules, options.ConfigurationErrors);
            }
        }
    }

    private static void Apply(IConfigurationSection item, TagPolicyRules rules, List<string> errors)
    {
        switch (item.Key.ToLowerInvariant())
        {
            case "description": rules.Description = item.Value; break;
            case "requiretag": rules.RequireTag = Bool(item, errors); break;
            case "disallowlatest": rules.DisallowLatest = Bool(item, errors); break;
            case "disallowchannels": rules.DisallowChannels = Bool(item, errors); break;
            case "allowprerelease": rules.AllowPrerelease = Bool(item, errors); break;
            case "requiredigest": rules.RequireDigest = Bool(item, errors); break;
            case "requireexisting": rules.RequireExisting = Bool(item, errors); break;
            case "verifydigest": rules.VerifyDigest = Bool(item, errors); break;
            case "minprecision": rules.MinPrecision = item.Value; break;
            case "failon": rules.FailOn = item.Value; break;
            case "allowedregistries": rules.AllowedRegistries = List(item, errors); break;
            case "deniedregistries": rules.DeniedRegistries = List(item, errors); break;
            case "allowedtags": rules.AllowedTags = List(item, errors); break;
            case "deniedtags": rules.DeniedTags = List(item, errors); break;
            case "exemptions":
                rules.Exemptions = Elements(item).Select(e => Exemption(e, errors)).ToList();
                break;
            case "severity":
                var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var entry in item.GetChildren())
                {
                    map[entry.Key] = entry.Value ?? string.Empty;
                }

                rules.Severity = map;
                break;
            default:
                rules.UnknownKeys ??= new Dictionary<string, object>(StringComparer.Ordinal);
                rules.UnknownKeys[item.Key] = item.Value ?? string.Empty;
                break;
        }
    }

    private static bool? Bool(IConfigurationSection item, List<string> errors)
    {
        if (bool.TryParse(item.Value, out var value))
        {
            return value;
        }

        errors.Add($"{item.Path}: '{item.Value}' is not true or false");
        return null;
    }

    /// <summary>An empty value clears the list (an empty JSON array leaves no key in configuration).</summary>
    private static List<string> List(IConfigurationSection item, List<string> errors)
    {
        // A value with children: some hosts (WebApplicationFactory's settings, for one) give the parent key an
        // empty value next to its elements; the elements win.
        if (item.Value is not null && !item.GetChildren().Any())
        {
            if (item.Value.Length > 0)
            {
                errors.Add($"{item.Path}: expected a list, found the value '{item.Value}'");
            }

            return [];
        }

        var list = new List<string>();
        foreach (var element in Elements(item))
        {
            if (element.Value is null)
            {
                errors.Add($"{element.Path}: expected a string, found a section");
                continue;
            }

            list.Add(element.Value);
        }

        return list;
    }

    // Array elements come back as children keyed "0", "1", … in string order; restore numeric order.
    private static IEnumerable<IConfigurationSection> Elements(IConfigurationSection item) =>
        item.GetChildren().OrderBy(c => int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : int.MaxValue);

    private static PolicyExemption Exemption(IConfigurationSection element, List<string> errors)
    {
        var exemption = new PolicyExemption();
        foreach (var field in element.GetChildren())
        {
            switch (field.Key.ToLowerInvariant())
            {
                case "match": exemption.Match = field.Value; break;
                case "reason": exemption.Reason = field.Value; break;
                case "expires": exemption.Expires = field.Value; break;
                default: errors.Add($"{field.Path}: not an exemption key; expected match, reason or expires"); break;
            }
        }

        return exemption;
    }
}

/// <summary>Validates the configured policies when the host starts; each message names its configuration key.</summary>
internal sealed class TagPolicyOptionsValidator(IValidator<TagPolicyRules> validator) : IValidateOptions<TagPolicyOptions>
{
    public ValidateOptionsResult Validate(string? name, TagPolicyOptions options)
    {
        var failures = new List<string>(options.ConfigurationErrors);
        foreach (var (policyName, rules) in options.Policies)
        {
            foreach (var error in validator.Validate(rules).Errors)
            {
                failures.Add($"{TagPolicyOptions.SectionName}:{policyName}:{error.PropertyName}: {error.ErrorMessage}");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
