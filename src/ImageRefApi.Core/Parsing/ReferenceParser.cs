using System.Collections.Frozen;

namespace ImageRefApi.Core.Parsing;

/// <summary>
/// The parser service. Verdicts follow distribution/reference (Docker) and containers/image (Podman) exactly;
/// see <see cref="ReferenceGrammar"/>. Diagnostics come from <see cref="ReferenceDiagnoser"/>.
/// </summary>
public sealed class ReferenceParser : IReferenceParser
{
    private readonly int maxInputLength;

    /// <summary>Creates a parser with default options.</summary>
    public ReferenceParser()
        : this(new ReferenceParserOptions())
    {
    }

    /// <summary>Creates a parser.</summary>
    public ReferenceParser(ReferenceParserOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxInputLength, 1);
        maxInputLength = options.MaxInputLength;
    }

    /// <inheritdoc />
    public int MaxInputLength => maxInputLength;

    /// <inheritdoc />
    public bool IsValid(ReadOnlySpan<char> input) => ReferenceGrammar.IsValidDocker(input);

    /// <inheritdoc />
    public ReferenceAnalysis Analyze(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Length > maxInputLength)
        {
            var notParsed = new EngineVerdict(false, null);
            return new ReferenceAnalysis(input, null, notParsed, notParsed, [ReferenceDiagnoser.TooLongToScan(input.Length, maxInputLength)]);
        }

        var dockerError = ReferenceGrammar.ParseDocker(input, out var parts);
        var podmanError = dockerError == ParseError.None
            ? ReferenceGrammar.PodmanMayDisagree(input, parts) ? ReferenceGrammar.ParsePodman(input, out _) : ParseError.None
            : ReferenceGrammar.PodmanRefusesAlike(dockerError, input) ? dockerError : ReferenceGrammar.ParsePodman(input, out _);
        var docker = Verdict(ReferenceGrammar.DockerMessage(dockerError, input, parts));
        var podman = Verdict(ReferenceGrammar.PodmanMessage(podmanError, input));
        var reference = dockerError == ParseError.None ? ReferenceGrammar.Build(input, parts) : null;
        var diagnostics = reference is not null
            ? ReferenceDiagnoser.DiagnoseValid(input, reference, parts, podmanError)
            : ReferenceDiagnoser.DiagnoseInvalid(input, dockerError, docker.Error!);
        return new ReferenceAnalysis(input, reference, docker, podman, diagnostics);
    }

    /// <summary>The verdict for an engine's error text (empty when it accepts): one shared instance per fixed text.</summary>
    private static EngineVerdict Verdict(string error) =>
        error.Length == 0 ? EngineVerdict.Accepted : Refusals.GetValueOrDefault(error) ?? new EngineVerdict(false, error);

    private static readonly FrozenDictionary<string, EngineVerdict> Refusals = new[]
    {
        ReferenceGrammar.ErrFormat, ReferenceGrammar.ErrTooLong, ReferenceGrammar.ErrDigestLength, ReferenceGrammar.ErrDigestFormat,
        ReferenceGrammar.ErrDigestUnsupported, ReferenceGrammar.ErrPodmanLowercase, ReferenceGrammar.ErrNameContainsUppercase,
    }.ToFrozenDictionary(error => error, error => new EngineVerdict(false, error), StringComparer.Ordinal);
}
