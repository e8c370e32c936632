using System.Collections.Frozen;
using ImageRefApi.Core.Parsing;

namespace ImageRefApi.Core.Policy;

/// <summary>
/// Sorts a reference's tag into the kinds a deployment policy cares about (<see cref="TagKind"/>).
/// The tag is read once into tokens (digit runs, letter runs, separators) with no regular expression;
/// the decision then looks at a handful of tokens.
/// </summary>
public static class TagClassifier
{
    private static readonly TagClassification ImplicitLatest = new(TagKind.ImplicitLatest, null, null, null, false, true);
    private static readonly TagClassification DigestOnly = new(TagKind.None, null, null, null, false, false);

    // Channels that never name a finished release.
    private static readonly FrozenSet<string> PrereleaseChannels = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "edge", "nightly", "dev", "develop", "development", "snapshot", "canary", "alpha", "beta", "rc", "next",
        "preview", "unstable", "testing", "experimental", "insiders", "trunk", "head", "daily");

    // Channels, distribution codenames and base-image names whose image changes under the same tag.
    private static readonly FrozenSet<string> Channels = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "stable", "lts", "main", "master", "rolling", "mainline", "current", "production", "prod",
        // Debian
        "jessie", "stretch", "buster", "bullseye", "bookworm", "trixie", "forky", "duke", "sid",
        // Ubuntu
        "trusty", "xenial", "bionic", "cosmic", "disco", "eoan", "focal", "groovy", "hirsute", "impish", "jammy",
        "kinetic", "lunar", "mantic", "noble", "oracular", "plucky", "questing",
        // Base images that float over their own releases
        "alpine", "slim", "debian", "ubuntu", "windowsservercore", "nanoserver", "ubi");

    // Markers that turn a version into a pre-release (1.0.0-rc.1, 3.13.0b1, 1.22rc1, 21-ea).
    private static readonly FrozenSet<string> PrereleaseMarkers = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "alpha", "beta", "rc", "pre", "preview", "dev", "snapshot", "nightly", "canary", "ea", "milestone", "cr",
        "next", "insiders", "experimental", "unstable");

    // Single letters count as markers only when digits follow (3.13.0a1, 3.13.0b2, 1.0-M3).
    private static readonly FrozenSet<string> ShortPrereleaseMarkers = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase, "a", "b", "c", "m");

    private const int MaxTagLength = 128;

    /// <summary>Classifies the tag of <paramref name="reference"/>; never throws for a parsed reference.</summary>
    /// <exception cref="ArgumentNullException">When <paramref name="reference"/> is null.</exception>
    public static TagClassification Classify(ImageReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var mutable = reference.Digest is null;
        if (reference.Tag is null)
        {
            return mutable ? ImplicitLatest : DigestOnly;
        }

        return ClassifyTag(reference.Tag, mutable);
    }

    /// <summary>Classifies a tag on its own (as written after the <c>:</c>).</summary>
    internal static TagClassification ClassifyTag(string tag, bool mutable)
    {
        if (tag.Length is 0 or > MaxTagLength)
        {
            return new(TagKind.Other, null, null, null, false, mutable);
        }

        Span<Token> tokens = stackalloc Token[MaxTagLength];
        var n = Tokenize(tag, tokens, out var lastNonHex, out var hasNonDigit);
        var t = tokens[..n];

        // A git commit: 7–40 hex characters, not all digits.
        if (lastNonHex < 0 && hasNonDigit && tag.Length is >= 7 and <= 40)
        {
            return new(TagKind.BuildId, null, null, null, false, mutable);
        }

        if (t[0].Type == TokenType.Letters)
        {
            return ClassifyWord(tag, t, lastNonHex, mutable);
        }

        if (t[0].Type == TokenType.Digits)
        {
            return ClassifyNumeric(tag, t, 0, false, mutable);
        }

        return new(TagKind.Other, null, null, null, false, mutable);
    }

    private static TagClassification ClassifyWord(string tag, ReadOnlySpan<Token> t, int lastNonHex, bool mutable)
    {
        var word = tag.AsSpan(t[0].Start, t[0].Length);

        // v1.2.3
        if (t[0].Length == 1 && (word[0] is 'v' or 'V') && t.Length > 1 && t[1].Type == TokenType.Digits)
        {
            return ClassifyNumeric(tag, t, 1, true, mutable);
        }

        // sha-3f2a1bc, git-3f2a1bc
        if (t.Length >= 3 && IsSeparator(t[1], '-') && (word.Equals("sha", StringComparison.OrdinalIgnoreCase)
                || word.Equals("git", StringComparison.OrdinalIgnoreCase))
            && lastNonHex < t[2].Start && tag.Length - t[2].Start is >= 7 and <= 40)
        {
            return new(TagKind.BuildId, null, null, null, false, mutable);
        }

        if (word.Equals("latest", StringComparison.OrdinalIgnoreCase))
        {
            if (t.Length == 1)
            {
                return new(TagKind.Latest, null, null, null, false, mutable);
            }

            if (t[1].Type == TokenType.Separator && t[1].Char != '.' && t.Length > 2)
            {
                return new(TagKind.Latest, null, null, tag[t[2].Start..], false, mutable);
            }

            return new(TagKind.Other, null, null, null, false, mutable);
        }

        var lookup = Channels.GetAlternateLookup<ReadOnlySpan<char>>();
        var prereleaseLookup = PrereleaseChannels.GetAlternateLookup<ReadOnlySpan<char>>();
        var prerelease = prereleaseLookup.Contains(word);
        if (!prerelease && !lookup.Contains(word))
        {
            return new(TagKind.Other, null, null, null, false, mutable);
        }

        // A release number glued to the name belongs to it: alpine3.20, ubi9.
        var p = 1;
        if (p < t.Length && t[p].Type == TokenType.Digits)
        {
            p = SkipNumericParts(t, p);
        }

        var nameEnd = p < t.Length ? t[p].Start : tag.Length;
        if (p == t.Length)
        {
            return new(TagKind.Channel, null, null, null, prerelease, mutable);
        }

        if (t[p].Type != TokenType.Separator || p + 1 == t.Length)
        {
            return new(TagKind.Other, null, null, null, false, mutable);
        }

        // main-3f2a1bc: a commit built from the channel's branch.
        var rest = t[p + 1].Start;
        if (lastNonHex < rest && tag.Length - rest is >= 7 and <= 40 && !IsAllDigits(t[(p + 1)..]))
        {
            return new(TagKind.BuildId, null, null, null, prerelease, mutable);
        }

        // jammy-20240125, nightly-2026-01-14: a dated snapshot of the channel.
        if (t[p + 1].Type == TokenType.Digits && TryDate(tag, t, p + 1, out _))
        {
            return new(TagKind.Date, null, null, tag[..nameEnd], prerelease, mutable);
        }

        return new(TagKind.Channel, null, null, tag[t[p + 1].Start..], prerelease, mutable);
    }

    private static TagClassification ClassifyNumeric(string tag, ReadOnlySpan<Token> t, int start, bool vPrefix, bool mutable)
    {
        if (!vPrefix && TryDate(tag, t, start, out var dateEnd))
        {
            // A build suffix (-556, .1) is part of the date; a word after it is a variant.
            string? variant = null;
            if (dateEnd + 1 < t.Length && t[dateEnd].Type == TokenType.Separator && t[dateEnd + 1].Type == TokenType.Letters)
            {
                variant = tag[t[dateEnd + 1].Start..];
            }

            return new(TagKind.Date, null, null, variant, false, mutable);
        }

        var parts = new List<long>(4);
        var overflow = false;
        var p = start;
        while (true)
        {
            var digits = tag.AsSpan(t[p].Start, t[p].Length);
            if (digits.Length > 18)
            {
                overflow = true;
            }
            else
            {
                parts.Add(long.Parse(digits, provider: System.Globalization.CultureInfo.InvariantCulture));
            }

            p++;
            if (p + 1 < t.Length && IsSeparator(t[p], '.') && t[p + 1].Type == TokenType.Digits)
            {
                p++;
                continue;
            }

            break;
        }

        if (overflow)
        {
            var soleNumber = !vPrefix && t.Length == 1;
            return new(soleNumber ? TagKind.BuildNumber : TagKind.Other, null, null, null, false, mutable);
        }

        var isPrerelease = false;
        string? suffix = null;
        if (p < t.Length)
        {
            var markerAt = t[p].Type == TokenType.Letters ? p : -1;
            if (markerAt < 0 && p + 1 < t.Length && t[p + 1].Type == TokenType.Letters)
            {
                markerAt = p + 1;
            }

            if (markerAt >= 0 && IsPrereleaseMarker(tag, t, markerAt))
            {
                isPrerelease = true;
                p = SkipMarker(t, markerAt);
                if (p < t.Length)
                {
                    if (t[p].Type != TokenType.Separator)
                    {
                        return new(TagKind.Other, null, null, null, false, mutable);
                    }

                    suffix = p + 1 < t.Length ? tag[t[p + 1].Start..] : null;
                }
            }
            else if (t[p].Type == TokenType.Separator)
            {
                suffix = p + 1 < t.Length ? tag[t[p + 1].Start..] : null;
            }
            else
            {
                // Letters glued to the number that are no pre-release marker (8u292, 1.2.3ubuntu1).
                return new(TagKind.Other, null, null, null, false, mutable);
            }
        }

        var precision = parts.Count switch
        {
            1 => VersionPrecision.Major,
            2 => VersionPrecision.Minor,
            _ => VersionPrecision.Patch,
        };

        if (isPrerelease)
        {
            return new(TagKind.Prerelease, parts, precision, suffix, true, mutable);
        }

        // A lone number of four or more digits is a CI build counter, not a major version.
        if (parts.Count == 1 && !vPrefix && t[start].Length >= 4)
        {
            return new(TagKind.BuildNumber, null, null, suffix, false, mutable);
        }

        var kind = parts.Count >= 3 ? TagKind.Version : TagKind.FloatingVersion;
        return new(kind, parts, precision, suffix, false, mutable);
    }

    private static bool IsPrereleaseMarker(string tag, ReadOnlySpan<Token> t, int i)
    {
        var word = tag.AsSpan(t[i].Start, t[i].Length);
        if (PrereleaseMarkers.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word))
        {
            return true;
        }

        return ShortPrereleaseMarkers.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word)
            && i + 1 < t.Length && t[i + 1].Type == TokenType.Digits;
    }

    // The marker, its number (rc1, rc.1, b2) and any further .N parts (alpha.1.2).
    private static int SkipMarker(ReadOnlySpan<Token> t, int i)
    {
        i++;
        if (i < t.Length && t[i].Type == TokenType.Digits)
        {
            i++;
        }

        while (i + 1 < t.Length && IsSeparator(t[i], '.') && t[i + 1].Type == TokenType.Digits)
        {
            i += 2;
        }

        return i;
    }

    private static int SkipNumericParts(ReadOnlySpan<Token> t, int i)
    {
        i++;
        while (i + 1 < t.Length && IsSeparator(t[i], '.') && t[i + 1].Type == TokenType.Digits)
        {
            i += 2;
        }

        return i;
    }

    /// <summary>YYYYMMDD[…], YYYY-MM[-DD], YYYY.MM[.DD] (not followed by another numeric part) at token
    /// <paramref name="i"/>; <paramref name="end"/> is the token after the date.</summary>
    private static bool TryDate(string tag, ReadOnlySpan<Token> t, int i, out int end)
    {
        end = i;
        var first = t[i];
        if (first.Type != TokenType.Digits)
        {
            return false;
        }

        if (first.Length is >= 8 and <= 14)
        {
            var s = tag.AsSpan(first.Start);
            if (IsYear(s[..4]) && IsMonth(s.Slice(4, 2)) && IsDay(s.Slice(6, 2)))
            {
                end = i + 1;
                return true;
            }

            return false;
        }

        if (first.Length != 4 || !IsYear(tag.AsSpan(first.Start, 4)) || i + 2 >= t.Length
            || t[i + 1].Type != TokenType.Separator || t[i + 1].Char == '_'
            || t[i + 2].Type != TokenType.Digits || t[i + 2].Length != 2
            || !IsMonth(tag.AsSpan(t[i + 2].Start, 2)))
        {
            return false;
        }

        var separator = t[i + 1].Char;
        end = i + 3;
        if (end + 1 < t.Length && IsSeparator(t[end], separator) && t[end + 1].Type == TokenType.Digits)
        {
            if (t[end + 1].Length != 2 || !IsDay(tag.AsSpan(t[end + 1].Start, 2)))
            {
                // 2024.10.1 is a version, not a date.
                return false;
            }

            end += 2;
        }

        // 2026.01.14.3 reads as a four-part version.
        if (separator == '.' && end + 1 < t.Length && IsSeparator(t[end], '.') && t[end + 1].Type == TokenType.Digits)
        {
            return false;
        }

        return true;
    }

    private static bool IsYear(ReadOnlySpan<char> s) =>
        (s[0] == '1' && s[1] == '9' && s[2] >= '7') || (s[0] == '2' && s[1] == '0');

    private static bool IsMonth(ReadOnlySpan<char> s) =>
        (s[0] == '0' && s[1] is >= '1' and <= '9') || (s[0] == '1' && s[1] is >= '0' and <= '2');

    private static bool IsDay(ReadOnlySpan<char> s) =>
        (s[0] == '0' && s[1] is >= '1' and <= '9') || (s[0] is '1' or '2') || (s[0] == '3' && s[1] is '0' or '1');

    private static bool IsAllDigits(ReadOnlySpan<Token> t) => t.Length == 1 && t[0].Type == TokenType.Digits;

    private static bool IsSeparator(Token token, char c) => token.Type == TokenType.Separator && token.Char == c;

    /// <summary>The single pass: splits into digit runs, letter runs and single separators, and notes the
    /// last non-hex character and whether any character is not a digit.</summary>
    private static int Tokenize(string tag, Span<Token> tokens, out int lastNonHex, out bool hasNonDigit)
    {
        lastNonHex = -1;
        hasNonDigit = false;
        var n = 0;
        for (var i = 0; i < tag.Length; i++)
        {
            var c = tag[i];
            TokenType type;
            if (char.IsAsciiDigit(c))
            {
                type = TokenType.Digits;
            }
            else
            {
                hasNonDigit = true;
                if (!char.IsAsciiHexDigit(c))
                {
                    lastNonHex = i;
                }

                type = char.IsAsciiLetter(c) ? TokenType.Letters : TokenType.Separator;
            }

            if (type != TokenType.Separator && n > 0 && tokens[n - 1].Type == type)
            {
                tokens[n - 1].Length++;
            }
            else
            {
                tokens[n++] = new Token(type, (byte)i, 1, type == TokenType.Separator ? c : '\0');
            }
        }

        return n;
    }

    private enum TokenType : byte
    {
        Digits,
        Letters,
        Separator,
    }

    private struct Token(TokenType type, byte start, byte length, char c)
    {
        public readonly TokenType Type = type;
        public readonly byte Start = start;
        public byte Length = length;
        public readonly char Char = c;
    }
}
