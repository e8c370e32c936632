using System.Runtime.Intrinsics;

namespace ImageRefApi.Core.Parsing;

/// <summary>
/// The fast path of Docker's reading: one forward pass over the characters, for the references
/// seen in practice — a lowercase registry with a '.' or a port or <c>localhost</c>, lowercase path components, a
/// tag, a <c>sha256</c> digest with lowercase hex. It either accepts the input with exactly the parts the general
/// path finds (a property test compares the two on every corpus input and on random ones) or gives up, and the
/// general path decides. It never refuses: which error a refusal is needs the general path's order of checks.
/// </summary>
internal static partial class ReferenceGrammar
{
    private const int Sha256Digest = 7 + 64;

    /// <summary>True when <paramref name="s"/> is an ordinary reference Docker accepts; <paramref name="parts"/> is
    /// then what <see cref="Parse"/> finds. False means "not decided here", not "invalid".</summary>
    public static bool TryParseOrdinary(ReadOnlySpan<char> s, out ReferenceParts parts)
    {
        if (Vector128.IsHardwareAccelerated)
        {
            var verdict = TryParseOrdinaryMasks(s, out parts);
            if (verdict != MaskVerdict.Unsure)
            {
                return verdict == MaskVerdict.Accept;
            }
        }

        return TryParseOrdinaryCharacters(s, out parts);
    }

    /// <summary>The character-by-character form of <see cref="TryParseOrdinary"/>, for any length.</summary>
    internal static bool TryParseOrdinaryCharacters(ReadOnlySpan<char> s, out ReferenceParts parts)
    {
        parts = default;
        var n = s.Length;
        if (n == 64 && IsLowerHex(s))
        {
            return false;
        }

        // The first component, which may be the registry: its end, and whether it has a '.' or an '_'.
        var first = ScanComponent(s, 0);
        if (first < 0)
        {
            return false;
        }

        var i = first & EndMask;
        var dot = (first & SawDot) != 0;

        var domainEnd = -1;
        if (i < n && s[i] == ':')
        {
            // A port when digits and a '/' follow; otherwise the tag of a one-component name.
            var j = i + 1;
            while (j < n && char.IsAsciiDigit(s[j]))
            {
                j++;
            }

            if (j > i + 1 && j < n && s[j] == '/')
            {
                domainEnd = j;
            }
        }
        else if (i < n && s[i] == '/' && (dot || s[..i].SequenceEqual("localhost")))
        {
            domainEnd = i;
        }

        var pathStart = 0;
        if (domainEnd >= 0)
        {
            if ((first & SawUnderscore) != 0)
            {
                // Not a host name: the general path reads it as part of the path.
                return false;
            }

            pathStart = domainEnd + 1;
            i = ScanComponent(s, pathStart);
            if (i < 0)
            {
                return false;
            }

            i &= EndMask;
        }

        var nested = false;
        while (i < n && s[i] == '/')
        {
            nested = true;
            i = ScanComponent(s, i + 1);
            if (i < 0)
            {
                return false;
            }

            i &= EndMask;
        }

        var pathEnd = i;
        var tagStart = -1;
        var tagEnd = -1;
        if (i < n && s[i] == ':')
        {
            tagStart = ++i;
            if (i >= n || !IsWordChar(s[i]))
            {
                return false;
            }

            i = TagRunEnd(s, i + 1);
            if (i - tagStart > TagMaxLength)
            {
                return false;
            }

            tagEnd = i;
        }

        var digestStart = -1;
        if (i < n && s[i] == '@')
        {
            digestStart = i + 1;
            if (!IsSha256Digest(s[digestStart..]))
            {
                return false;
            }

            i = n;
        }

        if (i != n)
        {
            return false;
        }

        return Accept(s, ref parts, domainEnd, nested, pathStart, pathEnd, tagStart, tagEnd, digestStart);
    }

    /// <summary>Fills <paramref name="parts"/> for an accepted ordinary reference (Docker Hub's <c>library/</c> goes
    /// in front of a one-component path on Docker Hub), after the length limit.</summary>
    private static bool Accept(ReadOnlySpan<char> s, ref ReferenceParts parts, int domainEnd, bool nested, int pathStart, int pathEnd, int tagStart, int tagEnd, int digestStart)
    {
        var dockerHub = true;
        if (domainEnd >= 0)
        {
            var domain = s[..domainEnd];
            parts.LegacyDomain = domain.SequenceEqual(LegacyDefaultDomain);
            dockerHub = parts.LegacyDomain || domain.SequenceEqual(DefaultDomain);
        }

        var library = dockerHub && !nested;
        if (pathEnd - pathStart + (library ? OfficialRepoPrefix.Length : 0) > NameTotalLengthMax)
        {
            return false;
        }

        parts.Ordinary = true;
        parts.DomainEnd = domainEnd;
        parts.LibraryPrefix = library;
        parts.PathStart = pathStart;
        parts.PathEnd = pathEnd;
        parts.TagStart = tagStart;
        parts.TagEnd = tagEnd;
        parts.DigestStart = digestStart;
        parts.DigestEnd = digestStart < 0 ? -1 : s.Length;
        parts.RemoteEnd = tagStart >= 0 ? tagStart - 1 : digestStart >= 0 ? digestStart + 6 : s.Length;
        return true;
    }

    private const int EndMask = 0x0fff_ffff;
    private const int SawDot = 0x1000_0000;
    private const int SawUnderscore = 0x2000_0000;

    /// <summary>A whole path component <c>[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*</c> from <paramref name="i"/>:
    /// its end, with <see cref="SawDot"/> and <see cref="SawUnderscore"/> set when it has those separators; -1 when
    /// a separator is not followed by a letter or digit (then the input is refused, and the general path says
    /// why). Callers check for -1 before masking with <see cref="EndMask"/>.</summary>
    private static int ScanComponent(ReadOnlySpan<char> s, int i)
    {
        var seen = 0;
        if ((uint)i >= (uint)s.Length || !IsLowerAlnum(s[i]))
        {
            return -1;
        }

        while (true)
        {
            i++;
            while ((uint)i < (uint)s.Length && IsLowerAlnum(s[i]))
            {
                i++;
            }

            if ((uint)i >= (uint)s.Length)
            {
                return i | seen;
            }

            var c = s[i];
            if (c == '.')
            {
                seen |= SawDot;
                i++;
            }
            else if (c == '_')
            {
                seen |= SawUnderscore;
                i++;
                if ((uint)i < (uint)s.Length && s[i] == '_')
                {
                    i++;
                }
            }
            else if (c == '-')
            {
                do
                {
                    i++;
                }
                while ((uint)i < (uint)s.Length && s[i] == '-');
            }
            else
            {
                return i | seen;
            }

            if ((uint)i >= (uint)s.Length || !IsLowerAlnum(s[i]))
            {
                return -1;
            }
        }
    }

    /// <summary>The only digest the fast path reads: <c>sha256:</c> and 64 lowercase hex digits, to the end.</summary>
    private static bool IsSha256Digest(ReadOnlySpan<char> digest) =>
        digest.Length == Sha256Digest && digest.StartsWith("sha256:") && IsLowerHex(digest[7..]);

}
