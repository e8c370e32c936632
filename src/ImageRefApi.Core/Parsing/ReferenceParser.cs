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
        var docker = DockerRefusals[(int)dockerError] ?? new EngineVerdict(false, ReferenceGrammar.DockerMessage(dockerError, input, parts));
        var podman = PodmanRefusals[(int)podmanError] ?? new EngineVerdict(false, ReferenceGrammar.PodmanMessage(podmanError, input));
        var reference = dockerError == ParseError.None ? ReferenceGrammar.Build(input, parts) : null;
        var diagnostics = reference is not null
            ? ReferenceDiagnoser.DiagnoseValid(input, reference, parts, podmanError)
            : ReferenceDiagnoser.DiagnoseInvalid(input, dockerError, docker.Error!);
        return new ReferenceAnalysis(input, reference, docker, podman, diagnostics);
    }

    /// <summary>The shared verdict for each error whose text is fixed (acceptance included), by <see cref="ParseError"/>;
    /// null for the errors whose text quotes the input.</summary>
    private static readonly EngineVerdict?[] DockerRefusals = Verdicts(static e => e is ParseError.ImageId64 or ParseError.RemoteUppercase ? null : ReferenceGrammar.DockerMessage(e, string.Empty, default));

    private static readonly EngineVerdict?[] PodmanRefusals = Verdicts(static e => e is ParseError.ImageId64 ? null : ReferenceGrammar.PodmanMessage(e, string.Empty));

    private static EngineVerdict?[] Verdicts(Func<ParseError, string?> text)
    {
        var verdicts = new EngineVerdict?[Enum.GetValues<ParseError>().Max(e => (int)e) + 1];
        foreach (var e in Enum.GetValues<ParseError>())
        {
            verdicts[(int)e] = e == ParseError.None ? EngineVerdict.Accepted : text(e) is { } t ? new EngineVerdict(false, t) : null;
        }

        return verdicts;
    }
}
