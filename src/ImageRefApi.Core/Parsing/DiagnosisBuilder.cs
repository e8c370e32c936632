namespace ImageRefApi.Core.Parsing;

/// <summary>A text edit on the original input: replace <see cref="Length"/> code units at <see cref="Start"/>.</summary>
internal readonly record struct Edit(int Start, int Length, string Text)
{
    public int End => Start + Length;

    public bool Overlaps(Edit other) =>
        Start < other.End && other.Start < End
        || (Length == 0 && other.Length > 0 && Start > other.Start && Start < other.End)
        || (other.Length == 0 && Length > 0 && other.Start > Start && other.Start < End)
        || (Length == 0 && other.Length == 0 && Start == other.Start);
}

/// <summary>One way to correct a problem. <see cref="Standalone"/> fixes replace the whole input and are not
/// combined with the fixes of other diagnostics.</summary>
internal sealed record Fix(string Description, Edit[] Edits, bool Standalone = false)
{
    public static Fix Replace(string description, int start, int length, string text) => new(description, [new Edit(start, length, text)]);

    public static Fix Delete(string description, int start, int length) => new(description, [new Edit(start, length, string.Empty)]);

    public static Fix Whole(string description, string reference) => new(description, [], Standalone: true) { WholeReference = reference };

    public string? WholeReference { get; init; }
}

/// <summary>
/// Collects diagnostics with candidate fixes, then turns each fix into a complete corrected reference: the fix
/// itself plus the first fix of every other diagnostic (so the suggestion repairs the whole input), falling back
/// to the fix alone; a candidate is kept only when Docker accepts it.
/// </summary>
internal sealed class DiagnosisBuilder(string input)
{
    /// <summary>At most this many diagnostics are reported for one input; the rest are counted.</summary>
    public const int MaxDiagnostics = 64;

    private readonly List<Pending> items = [];
    private readonly List<Edit> scratch = [];
    private int omitted;

    public bool HasError { get; private set; }

    /// <summary>True once <see cref="MaxDiagnostics"/> is reached: readers stop looking for more.</summary>
    public bool IsFull => items.Count >= MaxDiagnostics;

    public void Add(string code, Severity severity, string message, TextSpan? span, params Fix[] fixes)
    {
        HasError |= severity == Severity.Error;
        if (IsFull)
        {
            omitted++;
            return;
        }

        if (span is { } sp)
        {
            // Keep every span inside the input, whatever a reader computed.
            var start = Math.Clamp(sp.Start, 0, input.Length);
            span = new TextSpan(start, Math.Clamp(sp.Length, 0, input.Length - start));
        }

        items.Add(new Pending(code, severity, message, span, fixes));
    }

    public IReadOnlyList<Diagnostic> Build()
    {
        if (items.Count == 0)
        {
            return [];
        }

        var result = new Diagnostic[items.Count + (omitted > 0 ? 1 : 0)];
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            result[i] = new Diagnostic(item.Code, item.Severity, item.Message, item.Span, Suggest(i));
        }

        if (omitted > 0)
        {
            result[^1] = new Diagnostic(ParserDiagnostics.TooManyProblems, Severity.Info, $"{omitted.ToString(System.Globalization.CultureInfo.InvariantCulture)} more problems were found and not listed; fix the ones above first.", null, []);
        }

        SortByPosition(result);
        return result;
    }

    /// <summary>Puts diagnostics in input order, those about the input as a whole (no span) first; an insertion sort,
    /// so equal starts keep the order in which they were found.</summary>
    public static void SortByPosition(Diagnostic[] diagnostics)
    {
        for (var i = 1; i < diagnostics.Length; i++)
        {
            var item = diagnostics[i];
            var j = i - 1;
            while (j >= 0 && (diagnostics[j].Span?.Start ?? -1) > (item.Span?.Start ?? -1))
            {
                diagnostics[j + 1] = diagnostics[j];
                j--;
            }

            diagnostics[j + 1] = item;
        }
    }

    private Suggestion[] Suggest(int index)
    {
        var fixes = items[index].Fixes;
        if (fixes.Length == 0)
        {
            return [];
        }

        var suggestions = new Suggestion[fixes.Length];
        var count = 0;
        foreach (var fix in fixes)
        {
            var candidate = fix.Standalone ? fix.WholeReference! : Apply(fix, index, withOthers: true);
            var valid = ImageReference.IsValid(candidate);
            if (!fix.Standalone && !valid && OthersHaveFixes(index))
            {
                candidate = Apply(fix, index, withOthers: false);
                valid = ImageReference.IsValid(candidate);
            }

            if (valid && candidate != input && !Contains(suggestions.AsSpan(0, count), candidate))
            {
                suggestions[count++] = new Suggestion(fix.Description, candidate);
            }
        }

        return count == suggestions.Length ? suggestions : suggestions[..count];
    }

    private static bool Contains(ReadOnlySpan<Suggestion> suggestions, string reference)
    {
        foreach (var suggestion in suggestions)
        {
            if (suggestion.Reference == reference)
            {
                return true;
            }
        }

        return false;
    }

    private string Apply(Fix fix, int index, bool withOthers)
    {
        var edits = scratch;
        edits.Clear();
        edits.AddRange(fix.Edits);
        if (withOthers)
        {
            for (var i = 0; i < items.Count; i++)
            {
                if (i == index || items[i].Fixes.Length == 0 || items[i].Fixes[0].Standalone)
                {
                    continue;
                }

                var other = items[i].Fixes[0].Edits;
                if (!Overlap(other, edits))
                {
                    edits.AddRange(other);
                }
            }
        }

        if (edits.Count > 1)
        {
            edits.Sort(static (x, y) => x.Start != y.Start ? x.Start.CompareTo(y.Start) : x.Length.CompareTo(y.Length));
        }

        // The edits that apply (in order, none inside an earlier one), then the string in one allocation.
        var length = input.Length;
        var pos = 0;
        foreach (var edit in edits)
        {
            if (edit.Start >= pos)
            {
                length += edit.Text.Length - edit.Length;
                pos = edit.End;
            }
        }

        return string.Create(length, (input, edits), static (span, state) =>
        {
            var (text, list) = state;
            var pos = 0;
            foreach (var edit in list)
            {
                if (edit.Start < pos)
                {
                    continue;
                }

                text.AsSpan(pos, edit.Start - pos).CopyTo(span);
                span = span[(edit.Start - pos)..];
                edit.Text.CopyTo(span);
                span = span[edit.Text.Length..];
                pos = edit.End;
            }

            text.AsSpan(pos).CopyTo(span);
        });
    }

    private bool OthersHaveFixes(int index)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (i != index && items[i].Fixes.Length > 0 && !items[i].Fixes[0].Standalone)
            {
                return true;
            }
        }

        return false;
    }

    private static bool Overlap(Edit[] candidates, List<Edit> edits)
    {
        foreach (var o in candidates)
        {
            foreach (var e in edits)
            {
                if (e.Overlaps(o))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private sealed record Pending(string Code, Severity Severity, string Message, TextSpan? Span, Fix[] Fixes);
}
