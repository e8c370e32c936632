using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace ImageRefApi.Core.Parsing;

/// <summary>Why an engine refuses a reference; each maps to one exact error text.</summary>
internal enum ParseError : byte
{
    None,
    Format,
    ImageId64,
    RemoteUppercase,
    NameContainsUppercase,
    TooLong,
    DigestLength,
    DigestFormat,
    DigestUnsupported,
}

/// <summary>Which parser's rules to follow.</summary>
internal enum Engine : byte
{
    /// <summary>distribution/reference (Docker Engine 25+, BuildKit, containerd 2).</summary>
    Docker,

    /// <summary>containers/image docker/reference (Podman, Buildah, Skopeo, CRI-O).</summary>
    Podman,
}

/// <summary>Offsets into the input of the parts found by <see cref="ReferenceGrammar"/>; -1 when absent.</summary>
internal struct ReferenceParts
{
    /// <summary>End of the registry (the first '/') when the input names one, else -1.</summary>
    public int DomainEnd;

    /// <summary>The written first component was taken as a registry but is no host, so the grammar reads it as
    /// part of the path and the reference has no registry at all.</summary>
    public bool DomainInPath;

    /// <summary>Docker Hub's <c>library/</c> is put in front of the path.</summary>
    public bool LibraryPrefix;

    /// <summary>The written registry is <c>index.docker.io</c>, which Docker rewrites to <c>docker.io</c>.</summary>
    public bool LegacyDomain;

    /// <summary>Read by the fast path: the registry, if any, has a '.' or a port or is <c>localhost</c>, so it is a
    /// registry for Podman too.</summary>
    public bool Ordinary;

    public int PathStart;
    public int PathEnd;

    /// <summary>End of the text that must be lowercase (up to the first ':' after the registry).</summary>
    public int RemoteEnd;

    public int TagStart;
    public int TagEnd;
    public int DigestStart;
    public int DigestEnd;
}

/// <summary>
/// An allocation-free reading of the image reference grammar of distribution/reference
/// (<c>reference/regexp.go</c>, <c>normalize.go</c>) and of its containers/image fork, with no regular
/// expressions. Offsets are UTF-16 code units of the input. This file is the general path, which decides every
/// input and explains refusals; the fast path for ordinary references is in <c>ReferenceGrammar.Masks.cs</c>
/// (bit masks, 16 characters at a time) and <c>ReferenceGrammar.Ordinary.cs</c> (character by character).
/// </summary>
internal static partial class ReferenceGrammar
{
    public const string DefaultDomain = "docker.io";
    public const string LegacyDefaultDomain = "index.docker.io";
    public const string OfficialRepoPrefix = "library/";
    public const int NameTotalLengthMax = 255;
    public const int TagMaxLength = 128;

    public const string ErrFormat = "invalid reference format";
    public const string ErrTooLong = "repository name must not be more than 255 characters";
    public const string ErrDigestLength = "invalid checksum digest length";
    public const string ErrDigestFormat = "invalid checksum digest format";
    public const string ErrDigestUnsupported = "unsupported digest algorithm";
    public const string ErrPodmanLowercase = "invalid reference format: repository name must be lowercase";
    public const string ErrNameContainsUppercase = "repository name must be lowercase";

    /// <summary>Docker's reading: the fast path for ordinary references, the general one for the rest (and for
    /// every refusal, whose exact reason only the general path works out).</summary>
    public static ParseError ParseDocker(ReadOnlySpan<char> s, out ReferenceParts parts) =>
        TryParseOrdinary(s, out parts) ? ParseError.None : Parse(s, Engine.Docker, out parts);

    /// <summary>Docker's verdict alone: a grammar failure is not looked into further (which error it is does not
    /// matter to a yes/no answer).</summary>
    public static bool IsValidDocker(ReadOnlySpan<char> s)
    {
        if (Vector128.IsHardwareAccelerated)
        {
            switch (TryParseOrdinaryMasks(s, out _, verdictOnly: true))
            {
                case MaskVerdict.Accept:
                    return true;
                case MaskVerdict.Invalid:
                    return false;
                case MaskVerdict.Reject:
                    return Parse(s, Engine.Docker, out _, verdictOnly: true) == ParseError.None;
                default:
                    break;
            }
        }

        return TryParseOrdinaryCharacters(s, out _) || Parse(s, Engine.Docker, out _, verdictOnly: true) == ParseError.None;
    }

    public static ParseError ParsePodman(ReadOnlySpan<char> s, out ReferenceParts parts) => Parse(s, Engine.Podman, out parts);

    /// <summary>Follows <c>ParseNormalizedNamed</c>: 64-hex check, registry split, lowercase check, grammar,
    /// length limit, digest validation — in that order, as the order decides the error text.</summary>
    public static ParseError Parse(ReadOnlySpan<char> s, Engine engine, out ReferenceParts parts, bool verdictOnly = false)
    {
        parts = default;
        parts.DomainEnd = -1;
        parts.TagStart = parts.TagEnd = parts.DigestStart = parts.DigestEnd = -1;

        if (s.Length == 64 && IsLowerHex(s))
        {
            return ParseError.ImageId64;
        }

        // splitDockerDomain
        var slash = s.IndexOf('/');
        var dockerHub = true;
        var remStart = 0;
        if (slash >= 0)
        {
            var first = s[..slash];
            if (first.IndexOfAny('.', ':') >= 0
                || first.SequenceEqual("localhost")
                || (engine == Engine.Docker && ChangesWhenLowercased(first)))
            {
                parts.DomainEnd = slash;
                remStart = slash + 1;
                parts.LegacyDomain = first.SequenceEqual(LegacyDefaultDomain);
                dockerHub = parts.LegacyDomain || first.SequenceEqual(DefaultDomain);
            }
        }

        // The grammar runs first: when it matches, the path is lowercase by construction, so the remote can only
        // hold uppercase in a digest algorithm written without a tag ("nginx@SHA256:…"). The order of the errors
        // Docker reports (remote case before grammar) is kept on the failure path below.
        if (MatchGrammar(s, engine, lower: false, ref parts))
        {
            parts.LibraryPrefix = dockerHub && s[parts.PathStart..parts.PathEnd].IndexOf('/') < 0;
            parts.RemoteEnd = parts.TagStart >= 0 ? parts.TagStart - 1
                : parts.DigestStart >= 0 ? parts.DigestStart + s[parts.DigestStart..].IndexOf(':')
                : s.Length;
            if (parts.TagStart < 0 && parts.DigestStart >= 0 && s[parts.DigestStart..parts.RemoteEnd].IndexOfAnyInRange('A', 'Z') >= 0)
            {
                return ParseError.RemoteUppercase;
            }
        }
        else if (verdictOnly)
        {
            return ParseError.Format;
        }
        else
        {
            parts.LibraryPrefix = dockerHub && s[remStart..].IndexOf('/') < 0;
            var colon = s[remStart..].IndexOf(':');
            parts.RemoteEnd = colon < 0 ? s.Length : remStart + colon;
            if (ChangesWhenLowercased(s[remStart..parts.RemoteEnd]))
            {
                return ParseError.RemoteUppercase;
            }

            // Read again with uppercase allowed, to tell a case error from a format error; without a character that
            // changes when lowercased, that reading is the one that just failed.
            return ChangesWhenLowercased(s) && MatchGrammar(s, engine, lower: true, ref parts) ? ParseError.NameContainsUppercase : ParseError.Format;
        }

        var pathLength = parts.PathEnd - parts.PathStart + (parts.LibraryPrefix ? OfficialRepoPrefix.Length : 0);
        var nameLength = engine == Engine.Docker ? pathLength
            : parts.DomainEnd < 0 ? DefaultDomain.Length + 1 + pathLength
            : parts.DomainInPath ? pathLength
            : parts.DomainEnd + 1 + pathLength;
        if (nameLength > NameTotalLengthMax)
        {
            return ParseError.TooLong;
        }

        return parts.DigestStart < 0 ? ParseError.None : ValidateDigest(s[parts.DigestStart..parts.DigestEnd]);
    }

    /// <summary>
    /// For a reference Docker accepts, whether Podman's parse can differ: only an IPv6 registry, a first component
    /// that Docker took as a registry for its uppercase alone, or a name over 255 characters once the registry is
    /// counted (the three differences of containers/image).
    /// </summary>
    public static bool PodmanMayDisagree(ReadOnlySpan<char> s, in ReferenceParts parts)
    {
        if (parts.DomainEnd >= 0 && !parts.Ordinary)
        {
            var first = s[..parts.DomainEnd];
            if (first[0] == '[' || (first.IndexOfAny('.', ':') < 0 && !first.SequenceEqual("localhost")))
            {
                return true;
            }
        }

        var pathLength = parts.PathEnd - parts.PathStart + (parts.LibraryPrefix ? OfficialRepoPrefix.Length : 0);
        var registryLength = parts.DomainEnd < 0 ? DefaultDomain.Length + 1 : parts.DomainInPath ? 0 : parts.DomainEnd + 1;
        return registryLength + pathLength > NameTotalLengthMax;
    }

    /// <summary>
    /// For a reference Docker refuses with "invalid reference format", whether Podman certainly refuses it the same
    /// way, so that its parse can be skipped: when no character changes when lowercased, both split the registry
    /// alike and neither reports a case error; without '[' neither can read an IPv6 registry, the one difference of
    /// their grammars; and the errors that follow a grammar match (length, digest) are never this one.
    /// </summary>
    public static bool PodmanRefusesAlike(ParseError dockerError, ReadOnlySpan<char> s) =>
        dockerError == ParseError.Format && s.IndexOf('[') < 0 && !ChangesWhenLowercased(s);

    /// <summary>Matches <c>ReferenceRegexp</c> against the string <c>ParseNormalizedNamed</c> builds
    /// (<c>domain + "/" + remainder</c>), without building it.</summary>
    private static bool MatchGrammar(ReadOnlySpan<char> s, Engine engine, bool lower, ref ReferenceParts parts)
    {
        parts.DomainInPath = false;
        var i = 0;
        if (parts.DomainEnd >= 0)
        {
            var domain = s[..parts.DomainEnd];
            if (IsDomain(domain, allowIpv6: engine == Engine.Docker))
            {
                i = parts.DomainEnd + 1;
            }
            else if (MatchComponent(s, 0, lower) == parts.DomainEnd)
            {
                parts.DomainInPath = true;
            }
            else
            {
                return false;
            }
        }

        parts.PathStart = i;
        while (true)
        {
            var end = MatchComponent(s, i, lower);
            if (end < 0)
            {
                return false;
            }

            i = end;
            if (i < s.Length && s[i] == '/')
            {
                i++;
                continue;
            }

            break;
        }

        parts.PathEnd = i;
        if (i < s.Length && s[i] == ':')
        {
            i++;
            parts.TagStart = i;
            if (i >= s.Length || !IsWordChar(s[i]))
            {
                return false;
            }

            i = TagRunEnd(s, i + 1);
            if (i - parts.TagStart > TagMaxLength)
            {
                return false;
            }

            parts.TagEnd = i;
        }

        if (i < s.Length && s[i] == '@')
        {
            i++;
            parts.DigestStart = i;
            i = MatchDigest(s, i);
            if (i < 0)
            {
                return false;
            }

            parts.DigestEnd = i;
        }

        return i == s.Length;
    }

    /// <summary><c>[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*</c>; returns the end offset or -1.</summary>
    public static int MatchComponent(ReadOnlySpan<char> s, int i, bool lower = false)
    {
        if (i >= s.Length || !IsAlnumLower(s[i], lower))
        {
            return -1;
        }

        while (true)
        {
            while (i < s.Length && IsAlnumLower(s[i], lower))
            {
                i++;
            }

            if (i >= s.Length)
            {
                return i;
            }

            var sepStart = i;
            var c = s[i];
            if (c == '.')
            {
                i++;
            }
            else if (c == '_')
            {
                i++;
                if (i < s.Length && s[i] == '_')
                {
                    i++;
                }
            }
            else if (c == '-')
            {
                while (i < s.Length && s[i] == '-')
                {
                    i++;
                }
            }
            else
            {
                return i;
            }

            if (i >= s.Length || !IsAlnumLower(s[i], lower))
            {
                return sepStart;
            }
        }
    }

    /// <summary><c>(domain-name | "[" ipv6 "]") (":" [0-9]+)?</c>.</summary>
    public static bool IsDomain(ReadOnlySpan<char> d, bool allowIpv6)
    {
        var i = 0;
        if (d.Length > 0 && d[0] == '[')
        {
            if (!allowIpv6)
            {
                return false;
            }

            i = 1;
            while (i < d.Length && (char.IsAsciiHexDigit(d[i]) || d[i] == ':'))
            {
                i++;
            }

            if (i == 1 || i >= d.Length || d[i] != ']')
            {
                return false;
            }

            i++;
        }
        else
        {
            while (true)
            {
                // A label: [A-Za-z0-9] ( [A-Za-z0-9-]* [A-Za-z0-9] )?
                if (i >= d.Length || !char.IsAsciiLetterOrDigit(d[i]))
                {
                    return false;
                }

                var last = d[i];
                i++;
                while (i < d.Length && (char.IsAsciiLetterOrDigit(d[i]) || d[i] == '-'))
                {
                    last = d[i];
                    i++;
                }

                if (last == '-')
                {
                    return false;
                }

                if (i < d.Length && d[i] == '.')
                {
                    i++;
                    continue;
                }

                break;
            }
        }

        if (i == d.Length)
        {
            return true;
        }

        return d[i] == ':' && IsAsciiDigits(d[(i + 1)..]);
    }

    /// <summary><c>[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}</c> to the end.</summary>
    private static int MatchDigest(ReadOnlySpan<char> s, int i)
    {
        while (true)
        {
            if (i >= s.Length || !char.IsAsciiLetter(s[i]))
            {
                return -1;
            }

            i++;
            while (i < s.Length && char.IsAsciiLetterOrDigit(s[i]))
            {
                i++;
            }

            if (i < s.Length && s[i] is '-' or '_' or '+' or '.')
            {
                i++;
                continue;
            }

            break;
        }

        if (i >= s.Length || s[i] != ':')
        {
            return -1;
        }

        i++;
        var hexLength = s[i..].IndexOfAnyExcept(Hex);
        hexLength = hexLength < 0 ? s.Length - i : hexLength;
        return hexLength >= 32 ? i + hexLength : -1;
    }

    /// <summary>go-digest's <c>Digest.Validate</c> for a digest that already matched the reference grammar.</summary>
    public static ParseError ValidateDigest(ReadOnlySpan<char> digest)
    {
        var colon = digest.IndexOf(':');
        var algorithm = digest[..colon];
        var hex = digest[(colon + 1)..];
        var expected = ExpectedHexLength(algorithm);
        if (expected == 0)
        {
            // Unknown algorithm: go-digest's anchored DigestRegexp decides between format and unsupported.
            return IsGoDigestAlgorithm(algorithm) ? ParseError.DigestUnsupported : ParseError.DigestFormat;
        }

        if (hex.Length != expected)
        {
            return ParseError.DigestLength;
        }

        return IsLowerHex(hex) ? ParseError.None : ParseError.DigestFormat;
    }

    /// <summary>Hex characters of a registered algorithm's digest, 0 when the algorithm is unknown.</summary>
    public static int ExpectedHexLength(ReadOnlySpan<char> algorithm) => algorithm switch
    {
        "sha256" => 64,
        "sha384" => 96,
        "sha512" => 128,
        _ => 0,
    };

    /// <summary><c>[a-z0-9]+(?:[.+_-][a-z0-9]+)*</c> (the encoded part already matched <c>[0-9a-fA-F]+</c>,
    /// which go-digest's <c>[a-zA-Z0-9=_-]+</c> accepts).</summary>
    private static bool IsGoDigestAlgorithm(ReadOnlySpan<char> a)
    {
        var needAlnum = true;
        foreach (var c in a)
        {
            if (char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))
            {
                needAlnum = false;
            }
            else if (!needAlnum && c is '.' or '+' or '_' or '-')
            {
                needAlnum = true;
            }
            else
            {
                return false;
            }
        }

        return !needAlnum;
    }

    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");
    private static readonly SearchValues<char> Hex = SearchValues.Create("0123456789abcdefABCDEF");
    private static readonly SearchValues<char> TagChars = SearchValues.Create("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_.-");

    public static bool IsLowerHex(ReadOnlySpan<char> s) => s.IndexOfAnyExcept(LowerHex) < 0;

    /// <summary>The end of the run of tag characters <c>[A-Za-z0-9_.-]</c> that starts at <paramref name="i"/>.</summary>
    private static int TagRunEnd(ReadOnlySpan<char> s, int i)
    {
        var run = s[i..].IndexOfAnyExcept(TagChars);
        return run < 0 ? s.Length : i + run;
    }

    /// <summary>One or more ASCII digits, nothing else (a port).</summary>
    private static bool IsAsciiDigits(ReadOnlySpan<char> s) => !s.IsEmpty && s.IndexOfAnyExceptInRange('0', '9') < 0;

    private static bool IsWordChar(char c) => c < 128 && (Classes[c] & Word) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsLowerAlnum(char c) => c < 128 && (Classes[c] & LowerAlnum) != 0;

    private const byte LowerAlnum = 1;
    private const byte Word = 2;

    /// <summary>ASCII character classes: [a-z0-9] (1) and [A-Za-z0-9_] (2).</summary>
    private static ReadOnlySpan<byte> Classes => [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 0, 0,
        0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 2,
        0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 0,
    ];

    private static bool IsAlnumLower(char c, bool lower)
    {
        if (IsLowerAlnum(c))
        {
            return true;
        }

        // Go's strings.ToLower maps a few non-ASCII letters to ASCII (U+212A KELVIN SIGN to 'k', U+0130 to 'i').
        return lower && (char.IsAsciiLetterUpper(c) || (c > 0x7f && char.ToLowerInvariant(c) is var l && l <= 0x7f && char.IsAsciiLetterLower(l)));
    }

    /// <summary>Go's <c>strings.ToLower(s) != s</c>, Unicode included.</summary>
    public static bool ChangesWhenLowercased(ReadOnlySpan<char> s)
    {
        var firstNonAscii = s.IndexOfAnyExceptInRange((char)0, (char)0x7f);
        var ascii = firstNonAscii < 0 ? s : s[..firstNonAscii];
        if (ascii.IndexOfAnyInRange('A', 'Z') >= 0)
        {
            return true;
        }

        if (firstNonAscii < 0)
        {
            return false;
        }

        foreach (var rune in s[firstNonAscii..].EnumerateRunes())
        {
            if (Rune.ToLowerInvariant(rune) != rune)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The exact text Docker prints for <paramref name="error"/>.</summary>
    public static string DockerMessage(ParseError error, string input, in ReferenceParts parts) => error switch
    {
        ParseError.None => string.Empty,
        ParseError.ImageId64 => $"invalid repository name ({input}), cannot specify 64-byte hexadecimal strings",
        ParseError.RemoteUppercase => $"invalid reference format: repository name ({RemoteText(input, parts)}) must be lowercase",
        ParseError.NameContainsUppercase => ErrNameContainsUppercase,
        _ => CommonMessage(error),
    };

    /// <summary>The exact text Podman prints for <paramref name="error"/>.</summary>
    public static string PodmanMessage(ParseError error, string input) => error switch
    {
        ParseError.None => string.Empty,
        ParseError.ImageId64 => $"invalid repository name ({input}), cannot specify 64-byte hexadecimal strings",
        ParseError.RemoteUppercase or ParseError.NameContainsUppercase => ErrPodmanLowercase,
        _ => CommonMessage(error),
    };

    private static string CommonMessage(ParseError error) => error switch
    {
        ParseError.TooLong => ErrTooLong,
        ParseError.DigestLength => ErrDigestLength,
        ParseError.DigestFormat => ErrDigestFormat,
        ParseError.DigestUnsupported => ErrDigestUnsupported,
        _ => ErrFormat,
    };

    private static string RemoteText(string input, in ReferenceParts parts)
    {
        var remStart = parts.DomainEnd < 0 ? 0 : parts.DomainEnd + 1;
        var remote = input.AsSpan(remStart, parts.RemoteEnd - remStart);
        return parts.LibraryPrefix ? string.Concat(OfficialRepoPrefix, remote) : remote.ToString();
    }

    /// <summary>Builds the reference of a successful Docker parse.</summary>
    public static ImageReference Build(string input, in ReferenceParts parts)
    {
        var registry = parts.DomainEnd < 0 || parts.LegacyDomain ? DefaultDomain
            : parts.DomainInPath ? string.Empty
            : KnownRegistry(input.AsSpan(0, parts.DomainEnd)) ?? input[..parts.DomainEnd];
        var path = input.AsSpan(parts.PathStart, parts.PathEnd - parts.PathStart);
        var repository = parts.LibraryPrefix ? string.Concat(OfficialRepoPrefix, path) : path.ToString();
        var tag = parts.TagStart < 0 ? null : input[parts.TagStart..parts.TagEnd];
        var digest = parts.DigestStart < 0 ? null : input[parts.DigestStart..parts.DigestEnd];
        return new ImageReference(registry, repository, tag, digest, registryImplicit: parts.DomainEnd < 0 || parts.DomainInPath, input);
    }

    /// <summary>The shared string of a much-used registry (no allocation for it), or null.</summary>
    private static string? KnownRegistry(ReadOnlySpan<char> host) => host switch
    {
        DefaultDomain => DefaultDomain,
        "ghcr.io" => "ghcr.io",
        "quay.io" => "quay.io",
        "gcr.io" => "gcr.io",
        "registry.k8s.io" => "registry.k8s.io",
        "mcr.microsoft.com" => "mcr.microsoft.com",
        "public.ecr.aws" => "public.ecr.aws",
        "registry.gitlab.com" => "registry.gitlab.com",
        "nvcr.io" => "nvcr.io",
        "localhost" => "localhost",
        "localhost:5000" => "localhost:5000",
        _ => null,
    };
}
