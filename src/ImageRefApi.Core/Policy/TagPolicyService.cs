using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using FluentValidation;
using ImageRefApi.Core.Parsing;
using ImageRefApi.Core.Resolution;
using Microsoft.Extensions.Options;
using Severity = ImageRefApi.Core.Parsing.Severity;

namespace ImageRefApi.Core.Policy;

/// <summary>The tag-policy service. Configured policies are validated at startup and compiled once.</summary>
public sealed class TagPolicyService : ITagPolicyService
{
    /// <summary>The name reported for a policy sent inline with a request.</summary>
    public const string InlinePolicyName = "inline";

    private const string MutableNote = "every tag can be pushed again; only a digest pins the image";

    private readonly Dictionary<string, TagPolicy> policies;
    private readonly IReadOnlyList<PolicySummary> summaries;
    private readonly TimeProvider timeProvider;
    private readonly IValidator<TagPolicyRules> validator;

    /// <summary>Compiles the configured policies.</summary>
    /// <exception cref="OptionsValidationException">When a configured policy is invalid.</exception>
    public TagPolicyService(IOptions<TagPolicyOptions> options, TimeProvider timeProvider, IValidator<TagPolicyRules> validator)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(validator);
        this.timeProvider = timeProvider;
        this.validator = validator;
        policies = new Dictionary<string, TagPolicy>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, rules) in options.Value.Policies)
        {
            policies[name] = TagPolicy.Compile(rules, compileRegex: true);
        }

        summaries = policies
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new PolicySummary(p.Key, p.Value.Description))
            .ToArray();
    }

    /// <inheritdoc />
    public IReadOnlyList<PolicySummary> ListPolicies() => summaries;

    /// <inheritdoc />
    public bool TryGetPolicy(string name, [NotNullWhen(true)] out TagPolicy? policy)
    {
        policy = null;
        return name is not null && policies.TryGetValue(name, out policy);
    }

    /// <inheritdoc />
    public bool TryCreatePolicy(
        TagPolicyRules rules,
        [NotNullWhen(true)] out TagPolicy? policy,
        [NotNullWhen(false)] out IDictionary<string, string[]>? errors)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var result = validator.Validate(rules);
        if (!result.IsValid)
        {
            policy = null;
            errors = result.Errors
                .GroupBy(e => e.PropertyName, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray(), StringComparer.Ordinal);
            return false;
        }

        // Inline policies live for one request: interpreting the patterns is cheaper than compiling them.
        policy = TagPolicy.Compile(rules, compileRegex: false);
        errors = null;
        return true;
    }

    /// <inheritdoc />
    public PolicyEvaluation Evaluate(ReferenceAnalysis analysis, TagPolicy policy, string policyName) =>
        Evaluate(analysis, policy, policyName, resolution: null);

    /// <inheritdoc />
    public PolicyEvaluation Evaluate(ReferenceAnalysis analysis, TagPolicy policy, string policyName, ResolutionResult? resolution)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(policy);
        if (analysis.Reference is not { } reference)
        {
            return new PolicyEvaluation(policyName, false, policy.FailOn, []);
        }

        var run = new Evaluation(policy, analysis.Input, reference);
        if (!CheckExemptions(run))
        {
            CheckRegistry(run);
            CheckTag(run);
            CheckResolution(run, resolution);
        }

        return new PolicyEvaluation(policyName, IsCompliant(run.Diagnostics, policy.FailOn), policy.FailOn, run.Diagnostics) { Tag = run.Tag };
    }

    private static bool IsCompliant(List<Diagnostic> diagnostics, PolicySeverity failOn)
    {
        if (failOn == PolicySeverity.None)
        {
            return true;
        }

        foreach (var d in diagnostics)
        {
            if (!PolicyDiagnostics.IsNotice(d.Code) && (int)d.Severity <= (int)failOn)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when an exemption applies and the rules must not be checked.</summary>
    private bool CheckExemptions(Evaluation run)
    {
        if (run.Policy.Exemptions.Count == 0)
        {
            return false;
        }

        var reference = run.Reference;
        CompiledExemption? active = null;
        CompiledExemption? expired = null;
        var now = timeProvider.GetUtcNow();
        foreach (var exemption in run.Policy.Exemptions)
        {
            if (!exemption.Match.Matches(reference.Registry, reference.Repository))
            {
                continue;
            }

            if (exemption.Expires is null || now < exemption.Expires)
            {
                if (active is null || exemption.Match.Specificity > active.Match.Specificity)
                {
                    active = exemption;
                }
            }
            else if (expired is null || exemption.Match.Specificity > expired.Match.Specificity)
            {
                expired = exemption;
            }
        }

        var name = Name(reference);
        if (active is not null)
        {
            var until = active.Expires is { } e ? string.Concat(" until ", FormatInstant(e)) : string.Empty;
            run.Add(PolicyDiagnostics.Exempt, $"{name} is exempt from the policy by '{active.Match.Text}'{until}: {active.Reason}", null);
            return true;
        }

        if (expired is not null)
        {
            run.Add(
                PolicyDiagnostics.ExemptionExpired,
                $"the exemption '{expired.Match.Text}' for {name} expired on {FormatInstant(expired.Expires!.Value)} ({expired.Reason}); the rules apply again",
                null);
        }

        return false;
    }

    private static void CheckRegistry(Evaluation run)
    {
        var policy = run.Policy;
        var reference = run.Reference;
        var registry = reference.Registry;
        var repository = reference.Repository;
        var registrySpan = run.RegistrySpan;

        if (reference.RegistryImplicit && run.IsActive(PolicyDiagnostics.ShortName))
        {
            var qualified = QualifiedName(reference);
            var suggestions = ImageReference.IsValid(qualified)
                ? new[] { new Suggestion($"Name the registry: {qualified}", qualified) }
                : [];
            run.Add(
                PolicyDiagnostics.ShortName,
                $"'{run.NameText}' names no registry: Docker pulls it from docker.io, while Podman asks registries.conf, where another registry may serve the same name; expected {registry}/{repository}",
                run.NameSpan,
                suggestions);
        }

        var allow = BestMatch(policy.AllowedRegistries, registry, repository);
        var deny = BestMatch(policy.DeniedRegistries, registry, repository);
        if (deny is not null && (allow is null || deny.Specificity >= allow.Specificity))
        {
            var target = deny.HasPath ? $"repository {Name(reference)}" : $"registry {DisplayRegistry(registry)}{Implied(run)}";
            var why = allow is null ? string.Empty
                : deny.Specificity == allow.Specificity ? $" (it also matches allowed '{allow.Text}'; deny wins)"
                : $" (it also matches allowed '{allow.Text}', which is less specific)";
            run.Add(PolicyDiagnostics.RegistryDenied, $"{target} is denied by '{deny.Text}'{why}", deny.HasPath ? run.NameSpan : registrySpan);
            return;
        }

        if (policy.AllowedRegistries.Count > 0 && allow is null)
        {
            var list = string.Join(", ", policy.AllowedRegistries.Select(p => p.Text));
            var hostAllowed = policy.AllowedRegistries.Any(p => p.MatchesRegistry(registry));
            var message = hostAllowed
                ? $"repository {Name(reference)} is not allowed; allowed: {list}"
                : $"registry {DisplayRegistry(registry)}{Implied(run)} is not allowed; allowed: {list}";
            run.Add(PolicyDiagnostics.RegistryNotAllowed, message, hostAllowed ? run.NameSpan : registrySpan);
        }
    }

    private static void CheckTag(Evaluation run)
    {
        var policy = run.Policy;
        var reference = run.Reference;
        var tag = run.Tag = TagClassifier.Classify(reference);
        var pinned = reference.Digest is not null;
        var tagText = reference.Tag;
        var tagSpan = run.TagSpan;

        var tagRequiredReported = false;
        if (policy.RequireTag && tagText is null)
        {
            tagRequiredReported = true;
            run.Add(
                PolicyDiagnostics.TagRequired,
                pinned
                    ? "no tag: the digest pins the image but does not say which release it is; expected a tag before the digest (name:1.2.3@sha256:…)"
                    : $"no tag: Docker pulls :latest, and nobody can read which release runs; expected a version tag ({run.NameText}:1.2.3)",
                tagSpan);
        }

        var channelReported = false;
        if (!pinned)
        {
            switch (tag.Kind)
            {
                case TagKind.ImplicitLatest when policy.DisallowLatest && !tagRequiredReported:
                    run.Add(
                        PolicyDiagnostics.ImplicitLatest,
                        $"no tag and no digest: Docker pulls :latest, which moves with every release; expected a version tag, pinned by a digest ({MutableNote})",
                        tagSpan);
                    break;
                case TagKind.Latest when policy.DisallowLatest:
                    run.Add(
                        PolicyDiagnostics.LatestTag,
                        $"tag '{tagText}' is not allowed: it moves with every release; expected a version tag, pinned by a digest ({MutableNote})",
                        tagSpan);
                    break;
                case TagKind.Channel when policy.DisallowChannels:
                    channelReported = true;
                    run.Add(
                        PolicyDiagnostics.ChannelTag,
                        $"tag '{tagText}' is a channel that moves to new images; expected a version tag, pinned by a digest ({MutableNote})",
                        tagSpan);
                    break;
                case TagKind.FloatingVersion or TagKind.Version or TagKind.Prerelease
                    when policy.MinPrecision is { } min && tag.Precision < min:
                    run.Add(
                        PolicyDiagnostics.FloatingVersion,
                        $"tag '{tagText}' is a {PrecisionWord(tag.Precision!.Value)} version that is re-pushed with every newer release; expected at least {PrecisionWord(min)} precision ({PrecisionExample(min)}) ({MutableNote})",
                        tagSpan);
                    break;
                case TagKind.Other when policy.MinPrecision is { } min:
                    run.Add(
                        PolicyDiagnostics.UnversionedTag,
                        $"tag '{tagText}' carries no version and names no build; expected a version of at least {PrecisionWord(min)} precision ({PrecisionExample(min)}) or a commit, date or build number ({MutableNote})",
                        tagSpan);
                    break;
                default:
                    break;
            }
        }

        if (!policy.AllowPrerelease && tag.Prerelease && !channelReported)
        {
            run.Add(
                PolicyDiagnostics.PrereleaseTag,
                $"tag '{tagText}' is a pre-release; the policy allows released versions only",
                tagSpan);
        }

        if (policy.RequireDigest && !pinned)
        {
            var written = tagText ?? "latest";
            run.Add(
                PolicyDiagnostics.DigestMissing,
                $"no digest: tag '{written}' can be pushed again, so the image behind it may change; expected {QualifiedNameWithoutDigest(reference, written)}@sha256:<digest>, with <digest> resolved from the registry (docker buildx imagetools inspect, crane digest), never guessed",
                new TextSpan(run.Input.Length, 0));
        }

        var effectiveTag = tagText ?? (pinned ? null : "latest");
        if (effectiveTag is not null)
        {
            CheckTagPatterns(run, effectiveTag, tagSpan);
        }
    }

    /// <summary>requireExisting and verifyDigest: the registry's own answer, never a guess.</summary>
    private static void CheckResolution(Evaluation run, ResolutionResult? resolution)
    {
        var policy = run.Policy;
        var digestWritten = run.Reference.Digest is not null;
        var verifyDigest = policy.VerifyDigest && digestWritten;
        if (!policy.RequireExisting && !verifyDigest)
        {
            return;
        }

        if (resolution is not { Checked: true })
        {
            var rules = policy.RequireExisting && verifyDigest ? "requireExisting and verifyDigest"
                : policy.RequireExisting ? "requireExisting" : "verifyDigest";
            var why = resolution is null
                ? "registry resolution did not run for this reference (send \"resolve\": true)"
                : string.Concat("the registry gave no answer: ", FirstMessage(resolution));
            run.Add(PolicyDiagnostics.NotVerified, $"{rules} could not be verified: {why}", null);
            return;
        }

        if (policy.RequireExisting)
        {
            foreach (var problem in ResolutionDiagnostics.ExistenceProblems(resolution))
            {
                run.Add(PolicyDiagnostics.ImageNotFound, $"requireExisting: {problem.Message}", problem.Span, problem.Suggestions);
            }
        }

        if (verifyDigest)
        {
            foreach (var problem in ResolutionDiagnostics.DigestProblems(resolution))
            {
                run.Add(PolicyDiagnostics.DigestMismatch, $"verifyDigest: {problem.Message}", problem.Span, problem.Suggestions);
            }
        }
    }

    private static string FirstMessage(ResolutionResult resolution) =>
        resolution.Diagnostics.Count > 0 ? resolution.Diagnostics[0].Message : resolution.Status.ToString().ToLowerInvariant();

    private static void CheckTagPatterns(Evaluation run, string tag, TextSpan tagSpan)
    {
        var policy = run.Policy;
        foreach (var pattern in policy.DeniedTags)
        {
            if (Match(run, pattern, tag, tagSpan) == true)
            {
                run.Add(PolicyDiagnostics.TagDenied, $"tag '{tag}' matches the denied pattern '{pattern.Text}'", tagSpan);
                return;
            }
        }

        if (policy.AllowedTags.Count == 0)
        {
            return;
        }

        foreach (var pattern in policy.AllowedTags)
        {
            if (Match(run, pattern, tag, tagSpan) == true)
            {
                return;
            }
        }

        run.Add(
            PolicyDiagnostics.TagNotAllowed,
            $"tag '{tag}' matches none of the allowed patterns: {string.Join(", ", policy.AllowedTags.Select(p => p.Text))}",
            tagSpan);
    }

    /// <summary>Runs one pattern; null when it ran out of time (reported, and counted as no match).</summary>
    private static bool? Match(Evaluation run, TagPattern pattern, string tag, TextSpan tagSpan)
    {
        try
        {
            return pattern.Regex.IsMatch(tag);
        }
        catch (RegexMatchTimeoutException)
        {
            run.Add(
                PolicyDiagnostics.TagPatternTimeout,
                $"tag pattern '{pattern.Text}' ran longer than {TagPolicy.PatternTimeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms on tag '{tag}' and is treated as not matching; expected a pattern without nested repetition",
                tagSpan);
            return null;
        }
    }

    private static RegistryPattern? BestMatch(IReadOnlyList<RegistryPattern> patterns, string registry, string repository)
    {
        RegistryPattern? best = null;
        foreach (var pattern in patterns)
        {
            if (pattern.Matches(registry, repository) && (best is null || pattern.Specificity > best.Specificity))
            {
                best = pattern;
            }
        }

        return best;
    }

    private static string Name(ImageReference reference) =>
        reference.Registry.Length == 0 ? reference.Repository : string.Concat(reference.Registry, "/", reference.Repository);

    private static string Implied(Evaluation run) =>
        run.Reference.RegistryImplicit ? $" (implied by the short name {run.NameText})" : string.Empty;

    private static string DisplayRegistry(string registry) => registry.Length == 0 ? "(none)" : registry;

    private static string QualifiedName(ImageReference reference)
    {
        var name = Name(reference);
        if (reference.Tag is not null)
        {
            name = string.Concat(name, ":", reference.Tag);
        }

        return reference.Digest is null ? name : string.Concat(name, "@", reference.Digest);
    }

    private static string QualifiedNameWithoutDigest(ImageReference reference, string tag) =>
        string.Concat(Name(reference), ":", tag);

    private static string FormatInstant(DateTimeOffset instant) =>
        instant.TimeOfDay == TimeSpan.Zero
            ? instant.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string PrecisionWord(VersionPrecision precision) => precision switch
    {
        VersionPrecision.Major => "major",
        VersionPrecision.Minor => "minor",
        _ => "patch",
    };

    private static string PrecisionExample(VersionPrecision precision) => precision switch
    {
        VersionPrecision.Major => "such as 3",
        VersionPrecision.Minor => "such as 3.11",
        _ => "such as 3.11.7",
    };

    /// <summary>The state of one evaluation: where the parts of the input are, and the diagnostics so far.</summary>
    private sealed class Evaluation
    {
        public Evaluation(TagPolicy policy, string input, ImageReference reference)
        {
            Policy = policy;
            Input = input;
            Reference = reference;

            // The input parsed, so its shape is name[:tag][@digest] with the tag after the last '/'.
            var at = input.IndexOf('@', StringComparison.Ordinal);
            var nameEnd = at < 0 ? input.Length : at;
            var lastSlash = nameEnd == 0 ? -1 : input.LastIndexOf('/', nameEnd - 1);
            var colon = input.IndexOf(':', lastSlash + 1, nameEnd - lastSlash - 1);
            var tagStart = colon < 0 ? nameEnd : colon + 1;
            TagSpan = new TextSpan(tagStart, nameEnd - tagStart);
            var nameLength = colon < 0 ? nameEnd : colon;
            NameSpan = new TextSpan(0, nameLength);
            var firstSlash = input.IndexOf('/', StringComparison.Ordinal);
            RegistrySpan = reference.RegistryImplicit || firstSlash < 0 ? NameSpan : new TextSpan(0, firstSlash);
        }

        public TagPolicy Policy { get; }

        public string Input { get; }

        public ImageReference Reference { get; }

        public TextSpan TagSpan { get; }

        public TextSpan NameSpan { get; }

        public TextSpan RegistrySpan { get; }

        /// <summary>The repository name as written (familiar or qualified); built when a message needs it.</summary>
        public string NameText => field ??= Input[..NameSpan.Length];

        public List<Diagnostic> Diagnostics { get; } = [];

        /// <summary>The tag's classification, once the tag rules ran.</summary>
        public TagClassification? Tag { get; set; }

        public bool IsActive(string code) => EffectiveSeverity(code) is not null;

        public void Add(string code, string message, TextSpan? span, IReadOnlyList<Suggestion>? suggestions = null)
        {
            if (EffectiveSeverity(code) is { } severity)
            {
                Diagnostics.Add(new Diagnostic(code, severity, message, span, suggestions ?? []));
            }
        }

        private Severity? EffectiveSeverity(string code)
        {
            if (!Policy.SeverityOverrides.TryGetValue(code, out var level))
            {
                return PolicyDiagnostics.DefaultSeverity(code);
            }

            return level switch
            {
                PolicySeverity.Error => Severity.Error,
                PolicySeverity.Warning => Severity.Warning,
                PolicySeverity.Info => Severity.Info,
                _ => null,
            };
        }
    }
}
