namespace ImageRefApi.Core.Resolution;

/// <summary>Picks the existing tags closest to a missing one (<c>1.25.3</c> → <c>v1.25.3</c>).</summary>
internal static class NearbyTags
{
    public const int MaxSuggestions = 10;

    public static IReadOnlyList<string> Find(string wanted, IReadOnlyList<string> tags)
    {
        var target = Normalize(wanted);
        var threshold = Math.Max(2, target.Length / 3);
        var scored = new List<(int Distance, string Tag)>();
        foreach (var tag in tags)
        {
            if (tag.Length > 128 || string.Equals(tag, wanted, StringComparison.Ordinal))
            {
                continue;
            }

            // A leading 'v' or a case difference is the most common slip, so it ranks before any edit.
            var normalized = Normalize(tag);
            var distance = string.Equals(normalized, target, StringComparison.Ordinal) ? 0 : 1 + Levenshtein(normalized, target, threshold);
            if (distance <= threshold + 1)
            {
                scored.Add((distance, tag));
            }
        }

        scored.Sort((a, b) => a.Distance != b.Distance ? a.Distance.CompareTo(b.Distance) : string.CompareOrdinal(a.Tag, b.Tag));
        return [.. scored.Take(MaxSuggestions).Select(s => s.Tag)];
    }

    private static string Normalize(string tag)
    {
        var t = tag.ToLowerInvariant();
        return t.Length > 1 && t[0] == 'v' && char.IsAsciiDigit(t[1]) ? t[1..] : t;
    }

    /// <summary>Edit distance, giving up (returning <paramref name="limit"/> + 1) once it exceeds <paramref name="limit"/>.</summary>
    internal static int Levenshtein(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit)
        {
            return limit + 1;
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                rowMin = Math.Min(rowMin, current[j]);
            }

            if (rowMin > limit)
            {
                return limit + 1;
            }

            (previous, current) = (current, previous);
        }

        return Math.Min(previous[b.Length], limit + 1);
    }
}
