using System.Text.Json;
using ImageRefApi.Core.Parsing;

namespace ImageRefApi.Benchmarks;

/// <summary>
/// Rebuilds one result of <see cref="ReferenceParser.Analyze"/> object by object, with no analysis: the same
/// records, and a fresh copy of every string the parser allocated for it (strings it shares — literals such as the
/// SHORT_NAME message, the input itself, the common registry names — are shared by the copy too). Timing the copies
/// gives the least a full result of this shape can cost: what allocating and filling it takes.
/// </summary>
internal sealed class ResultCopy
{
    private readonly ReferenceAnalysis source;
    private readonly Source[] sources;

    public ResultCopy(ReferenceAnalysis source)
    {
        this.source = source;
        var marker = new Marker { Input = source.Input, Marks = [] };
        Walk(source, ref marker);
        sources = [.. marker.Marks];
    }

    /// <summary>How the copy gets one string of the result.</summary>
    private enum Source : byte
    {
        /// <summary>The same instance: the input or a literal.</summary>
        Shared,

        /// <summary>A new string with the same characters.</summary>
        Fresh,

        /// <summary>The copy's own canonical form (a suggestion that is the reference's canonical form).</summary>
        Canonical,
    }

    private interface IStrings
    {
        string Next(string text);

        void Built(ImageReference source, ImageReference copy);

        /// <summary>A refusal: the parser shares the verdicts whose text is fixed (a literal), and makes the others.</summary>
        EngineVerdict Verdict(EngineVerdict refusal);
    }

    /// <summary>Throws unless every copy serializes exactly as its source (so the floor measures the same result).</summary>
    public static void CheckCopies(IEnumerable<ResultCopy> copies)
    {
        foreach (var c in copies)
        {
            if (JsonSerializer.Serialize(c.Copy()) != JsonSerializer.Serialize(c.source))
            {
                throw new InvalidOperationException($"the copy of the result for {c.source.Input} differs");
            }
        }
    }

    public ReferenceAnalysis Copy()
    {
        var copier = new Copier { Sources = sources };
        return Walk(source, ref copier);
    }

    /// <summary>Visits every string of the result in a fixed order and rebuilds the records around them.</summary>
    private static ReferenceAnalysis Walk<T>(ReferenceAnalysis a, ref T strings)
        where T : struct, IStrings
    {
        ImageReference? reference = null;
        if (a.Reference is { } r)
        {
            var registry = strings.Next(r.Registry);
            var repository = strings.Next(r.Repository);
            var tag = r.Tag is null ? null : strings.Next(r.Tag);
            var digest = r.Digest is null ? null : strings.Next(r.Digest);
            reference = new ImageReference(registry, repository, tag, digest, r.RegistryImplicit, a.Input);
            strings.Built(r, reference);
        }

        var docker = a.Docker.Valid ? a.Docker : strings.Verdict(a.Docker);
        var podman = a.Podman.Valid ? a.Podman : strings.Verdict(a.Podman);
        IReadOnlyList<Diagnostic> diagnostics = [];
        if (a.Diagnostics.Count > 0)
        {
            var list = new Diagnostic[a.Diagnostics.Count];
            for (var i = 0; i < list.Length; i++)
            {
                var d = a.Diagnostics[i];
                var suggestions = d.Suggestions.Count == 0 ? [] : new Suggestion[d.Suggestions.Count];
                for (var j = 0; j < suggestions.Length; j++)
                {
                    suggestions[j] = new Suggestion(strings.Next(d.Suggestions[j].Description), strings.Next(d.Suggestions[j].Reference));
                }

                list[i] = new Diagnostic(d.Code, d.Severity, strings.Next(d.Message), d.Span, suggestions);
            }

            diagnostics = list;
        }

        return new ReferenceAnalysis(a.Input, reference, docker, podman, diagnostics);
    }

    /// <summary>Records which strings the parser allocated: not the input, not a literal (literals are interned, and
    /// the shared registry names are literals), not the reference's canonical form again.</summary>
    private struct Marker : IStrings
    {
        public string Input;
        public List<Source> Marks;
        private string? canonical;

        public readonly string Next(string text)
        {
            Marks.Add(text.Length == 0 || ReferenceEquals(text, Input) || ReferenceEquals(string.IsInterned(text), text) ? Source.Shared
                : ReferenceEquals(text, canonical) ? Source.Canonical
                : Source.Fresh);
            return text;
        }

        public void Built(ImageReference source, ImageReference copy) => canonical = source.Canonical;

        public readonly EngineVerdict Verdict(EngineVerdict refusal)
        {
            var text = refusal.Error!;
            Marks.Add(ReferenceEquals(string.IsInterned(text), text) ? Source.Shared : Source.Fresh);
            Next(text);
            return refusal;
        }
    }

    private struct Copier : IStrings
    {
        public Source[] Sources;
        private int index;
        private string? canonical;

        public string Next(string text) => Sources[index++] switch
        {
            Source.Fresh => new string(text.AsSpan()),
            Source.Canonical => canonical!,
            _ => text,
        };

        public void Built(ImageReference source, ImageReference copy) => canonical = copy.Canonical;

        public EngineVerdict Verdict(EngineVerdict refusal)
        {
            var shared = Sources[index++] == Source.Shared;
            var text = Next(refusal.Error!);
            return shared ? refusal : new EngineVerdict(false, text);
        }
    }
}
