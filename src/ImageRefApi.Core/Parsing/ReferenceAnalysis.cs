namespace ImageRefApi.Core.Parsing;

/// <summary>What one container engine decides about an input.</summary>
/// <param name="Valid">Whether the engine accepts it.</param>
/// <param name="Error">The exact error text the engine prints, or null when valid.</param>
public sealed record EngineVerdict(bool Valid, string? Error)
{
    /// <summary>The shared instance for an accepted reference.</summary>
    public static readonly EngineVerdict Accepted = new(true, null);
}

/// <summary>The full, diagnosing result for one input string.</summary>
/// <param name="Input">The input exactly as given.</param>
/// <param name="Reference">The parsed reference when Docker accepts it, else null.</param>
/// <param name="Docker">Docker's verdict (distribution/reference, Docker Engine 25+).</param>
/// <param name="Podman">Podman's verdict (containers/image: Podman, Buildah, Skopeo, CRI-O).</param>
/// <param name="Diagnostics">Every problem and remark found, in input order.</param>
public sealed record ReferenceAnalysis(
    string Input,
    ImageReference? Reference,
    EngineVerdict Docker,
    EngineVerdict Podman,
    IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>Docker's verdict: whether the reference is valid.</summary>
    public bool Valid => Docker.Valid;
}
