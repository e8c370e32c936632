using System.Text.Json;
using FluentValidation;
using ImageRefApi.Core.Scanning;
using ImageRefApi.References;

namespace ImageRefApi.Scanning;

/// <summary>A file to scan for image references.</summary>
/// <param name="Kind"><c>dockerfile</c>, <c>compose</c>, <c>kubernetes</c> or <c>auto</c> (the default): what the file is.</param>
/// <param name="Path">An optional name for reports (the SARIF artifact URI); <c>auto</c> also uses it as a hint.</param>
/// <param name="Content">The file text.</param>
/// <param name="Policy">Optional tag policy for every reference, as in validate: a policy name or a policy object.</param>
internal sealed record ScanRequest(string? Kind, string? Path, string? Content, JsonElement? Policy = null);

/// <summary>The names the API accepts for <see cref="ScanKind"/> and for the output format.</summary>
internal static class ScanNames
{
    /// <summary>The accepted values of <c>kind</c>.</summary>
    public const string Kinds = "'dockerfile', 'compose', 'kubernetes' or 'auto'";

    /// <summary>The accepted values of <c>format</c>.</summary>
    public const string Formats = "'json' or 'sarif'";

    /// <summary>Reads a <c>kind</c> value (case-insensitive); a missing kind means <see cref="ScanKind.Auto"/>.</summary>
    public static bool TryParseKind(string? value, out ScanKind kind)
    {
        kind = ScanKind.Auto;
        if (value is null)
        {
            return true;
        }

        // Enum.TryParse would also accept numbers and comma lists; only the four names are part of the contract.
        foreach (var (name, candidate) in KindNames)
        {
            if (string.Equals(value, name, StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads a <c>format</c> value (case-insensitive); a missing format means JSON.</summary>
    public static bool TryParseFormat(string? value, out bool sarif)
    {
        sarif = string.Equals(value, "sarif", StringComparison.OrdinalIgnoreCase);
        return sarif || value is null || string.Equals(value, "json", StringComparison.OrdinalIgnoreCase);
    }

    private static readonly (string Name, ScanKind Kind)[] KindNames =
    [
        ("auto", ScanKind.Auto),
        ("dockerfile", ScanKind.Dockerfile),
        ("compose", ScanKind.Compose),
        ("kubernetes", ScanKind.Kubernetes),
    ];
}

/// <summary>The shape rules of <see cref="ScanRequest"/>: a bad request, not a bad file.</summary>
internal sealed class ScanRequestValidator : AbstractValidator<ScanRequest>
{
    public ScanRequestValidator()
    {
        RuleFor(r => r.Kind)
            .Must(k => ScanNames.TryParseKind(k, out _))
            .WithMessage(r => $"'kind' must be {ScanNames.Kinds}; got '{r.Kind}'.")
            .OverridePropertyName("kind");
        RuleFor(r => r.Content)
            .NotNull()
            .WithMessage("'content' is required and must be a string (the file text).")
            .OverridePropertyName("content");
        RuleFor(r => r.Policy).Must(PolicyShape.IsAcceptable).WithMessage(PolicyShape.Message).OverridePropertyName("policy");
    }
}
