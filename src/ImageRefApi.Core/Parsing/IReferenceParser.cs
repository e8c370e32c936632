namespace ImageRefApi.Core.Parsing;

/// <summary>The parser service: Docker's and Podman's verdicts, components and every diagnostic.</summary>
public interface IReferenceParser
{
    /// <summary>The longest input that is scanned; longer inputs get one diagnostic and nothing else.</summary>
    int MaxInputLength { get; }

    /// <summary>Parses and diagnoses <paramref name="input"/>. Never throws for any string.</summary>
    ReferenceAnalysis Analyze(string input);

    /// <summary>Docker's verdict only; allocates nothing.</summary>
    bool IsValid(ReadOnlySpan<char> input);
}

/// <summary>Options of the parser service.</summary>
public sealed class ReferenceParserOptions
{
    /// <summary>The default for <see cref="MaxInputLength"/>.</summary>
    public const int DefaultMaxInputLength = 4096;

    /// <summary>Inputs longer than this many UTF-16 code units are not scanned (protection against hostile input).</summary>
    public int MaxInputLength { get; set; } = DefaultMaxInputLength;
}
