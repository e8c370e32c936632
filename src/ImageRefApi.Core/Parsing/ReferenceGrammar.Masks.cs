using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ImageRefApi.Core.Parsing;

/// <summary>
/// The fast path's fastest form, for the usual shape: a name and tag of at most 128 characters, optionally followed
/// by <c>@sha256:</c> and 64 lowercase hex digits. Sixteen characters at a time are sorted into bit masks (letters
/// and digits, upper case, '.', '-', '_', '/', ':', anything else), and the grammar is checked on the masks with a
/// few bit operations instead of a branch per character: every separator must have a letter or digit on both sides
/// (except inside a run of '-' or a '__'), the tag is the one ':' after the last '/', a port is the one ':' before
/// the first '/'. Its answers are exactly those of the character-by-character form for every input it decides (a
/// test compares the two), so the general path is still the one that explains refusals.
/// </summary>
internal static partial class ReferenceGrammar
{
    private enum MaskVerdict : byte
    {
        /// <summary>An ordinary reference; the parts are filled.</summary>
        Accept,

        /// <summary>Not an ordinary reference: the character-by-character form would refuse it too.</summary>
        Reject,

        /// <summary>Outside the shape read here (a name and tag over 128 characters): ask the character form.</summary>
        Unsure,

        /// <summary>Refused by Docker (the general path says why): a character that no part of a reference allows
        /// (not ASCII, or not one of letters, digits and <c>._-/:@[]+</c>), or a lowercase name that breaks the
        /// grammar where no registry form could make it valid.</summary>
        Invalid,
    }

    private const int MaskMaxLength = 128;
    private const int Sha256Tail = 1 + Sha256Digest;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Width<T>()
        where T : unmanaged => Unsafe.SizeOf<T>() * 8;

    /// <summary>The bits of the positions before <paramref name="k"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Below<T>(int k)
        where T : unmanaged, IBinaryInteger<T> => k >= Width<T>() ? T.AllBitsSet : (T.One << k) - T.One;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int LowestBit<T>(T mask)
        where T : IBinaryInteger<T> => int.CreateTruncating(T.TrailingZeroCount(mask));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool HasBit<T>(T mask, int position)
        where T : IBinaryInteger<T> => ((mask >> position) & T.One) != T.Zero;

    private static MaskVerdict TryParseOrdinaryMasks(ReadOnlySpan<char> s, out ReferenceParts parts, bool verdictOnly = false)
    {
        parts = default;
        var n = s.Length;
        var m = n;
        var digestStart = -1;
        if (n >= Sha256Tail && s[n - Sha256Tail] == '@')
        {
            if (!IsSha256Digest(s[(n - Sha256Digest)..]))
            {
                return MaskVerdict.Reject;
            }

            m = n - Sha256Tail;
            digestStart = n - Sha256Digest;
        }

        if (m == 0)
        {
            return MaskVerdict.Invalid;
        }

        return m <= 64 ? ReadMasks<ulong>(s, m, digestStart, verdictOnly, out parts)
            : m <= MaskMaxLength ? ReadMasks<UInt128>(s, m, digestStart, verdictOnly, out parts)
            : MaskVerdict.Unsure;
    }

    /// <summary>The masks and the checks on them, with one bit per character of the name and tag (<typeparamref
    /// name="T"/> is 64 or 128 bits wide).</summary>
    private static MaskVerdict ReadMasks<T>(ReadOnlySpan<char> s, int m, int digestStart, bool verdictOnly, out ReferenceParts parts)
        where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T>
    {
        parts = default;
        var n = s.Length;

        // Inputs shorter than a block are read from a copy padded with NUL (a character of no class, masked off).
        var padded = default(Block);
        scoped ReadOnlySpan<ushort> chars = MemoryMarshal.Cast<char, ushort>(s[..m]);
        if (m < 16)
        {
            chars.CopyTo(padded);
            chars = padded;
        }

        ref var first = ref MemoryMarshal.GetReference(chars);
        T alnum = T.Zero, upper = T.Zero, dot = T.Zero, dash = T.Zero, underscore = T.Zero, slash = T.Zero, colon = T.Zero;
        for (var i = 0; ; i += 16)
        {
            // The last block ends at the end and may overlap the one before: the bits it sets again are the same.
            var at = Math.Min(i, chars.Length - 16);
            var low = Vector128.LoadUnsafe(ref first, (nuint)at);
            var high = Vector128.LoadUnsafe(ref first, (nuint)(at + 8));
            if (((low | high) & Vector128.Create((ushort)0xff80)) != Vector128<ushort>.Zero)
            {
                return MaskVerdict.Invalid;
            }

            var v = Vector128.Narrow(low, high);
            var isAlnum = Vector128.LessThanOrEqual(v - Vector128.Create((byte)'a'), Vector128.Create((byte)25))
                | Vector128.LessThanOrEqual(v - Vector128.Create((byte)'0'), Vector128.Create((byte)9));
            var isUpper = Vector128.LessThanOrEqual(v - Vector128.Create((byte)'A'), Vector128.Create((byte)25));
            var isDot = Vector128.Equals(v, Vector128.Create((byte)'.'));
            var isDash = Vector128.Equals(v, Vector128.Create((byte)'-'));
            var isUnderscore = Vector128.Equals(v, Vector128.Create((byte)'_'));
            var isSlash = Vector128.Equals(v, Vector128.Create((byte)'/'));
            var isColon = Vector128.Equals(v, Vector128.Create((byte)':'));
            alnum |= T.CreateTruncating(isAlnum.ExtractMostSignificantBits()) << at;
            upper |= T.CreateTruncating(isUpper.ExtractMostSignificantBits()) << at;
            dot |= T.CreateTruncating(isDot.ExtractMostSignificantBits()) << at;
            dash |= T.CreateTruncating(isDash.ExtractMostSignificantBits()) << at;
            underscore |= T.CreateTruncating(isUnderscore.ExtractMostSignificantBits()) << at;
            slash |= T.CreateTruncating(isSlash.ExtractMostSignificantBits()) << at;
            colon |= T.CreateTruncating(isColon.ExtractMostSignificantBits()) << at;
            if (at + 16 >= chars.Length)
            {
                break;
            }
        }

        // Everything else (NUL padding included) is "other"; only the name and tag count.
        var all = Below<T>(m);
        alnum &= all;
        var other = all & ~(alnum | upper | dot | dash | underscore | slash | colon);
        if (other != T.Zero)
        {
            return OtherCharactersVerdict(s, other);
        }

        // From here on a refusal is final (Invalid): the input is ASCII letters, digits and ._-/: only, so it has no
        // IPv6 registry and no digest other than the one checked. The two readings only the general path can make
        // (a registry in upper case, a dotted first component with '_' read as a path) are handed over (Reject).
        if (n == 64 && alnum == all && IsLowerHex(s))
        {
            return MaskVerdict.Invalid;
        }

        // The tag is the one ':' after the last '/'; any other ':' must be a port.
        var firstSlash = slash == T.Zero ? -1 : LowestBit(slash);
        var lastSlash = slash == T.Zero ? -1 : Width<T>() - 1 - int.CreateTruncating(T.LeadingZeroCount(slash));
        var tagColons = colon & ~Below<T>(lastSlash + 1);
        if ((tagColons & (tagColons - T.One)) != T.Zero)
        {
            return MaskVerdict.Invalid;
        }

        var tagColon = tagColons == T.Zero ? -1 : LowestBit(tagColons);
        var pathEnd = tagColon < 0 ? m : tagColon;
        var name = Below<T>(pathEnd);
        if (pathEnd == 0)
        {
            return MaskVerdict.Invalid;
        }

        if ((upper & name) != T.Zero)
        {
            // A registry in upper case ("Registry.Example.com/app") is valid for Docker: the general path decides.
            return MaskVerdict.Reject;
        }

        var portColon = -1;
        var portColons = colon & name;
        if (portColons != T.Zero)
        {
            portColon = LowestBit(portColons);
            if ((portColons & (portColons - T.One)) != T.Zero || portColon > firstSlash || portColon == 0
                || !HasBit(alnum, portColon - 1) || !IsAsciiDigits(s[(portColon + 1)..firstSlash]))
            {
                return MaskVerdict.Invalid;
            }
        }

        if (tagColon >= 0 && (tagColon + 1 >= m || !HasBit(alnum | upper | underscore, tagColon + 1)))
        {
            return MaskVerdict.Invalid;
        }

        // Every separator of the name (the port's digits and ':' aside) has a letter or digit on both sides, except
        // inside a run of '-' and between the two characters of '__'; no '___'.
        var port = portColon < 0 ? T.Zero : Below<T>(firstSlash) & ~Below<T>(portColon);
        var separators = (dot | dash | underscore | slash) & name & ~port;
        var badBefore = separators & ~(alnum << 1) & ~(dash & (dash << 1)) & ~(underscore & (underscore << 1));
        var badAfter = separators & ~(alnum >> 1) & ~(dash & (dash >> 1)) & ~(underscore & (underscore >> 1));
        if ((badBefore | badAfter | (underscore & (underscore << 1) & (underscore << 2) & name)) != T.Zero)
        {
            return MaskVerdict.Invalid;
        }

        var domainEnd = -1;
        var pathStart = 0;
        if (firstSlash >= 0)
        {
            var firstComponent = Below<T>(firstSlash);
            if (portColon >= 0 || (dot & firstComponent) != T.Zero || s[..firstSlash].SequenceEqual("localhost"))
            {
                if ((underscore & firstComponent) != T.Zero)
                {
                    // Not a host name: Docker reads the whole name as a path, which the general path works out.
                    return MaskVerdict.Reject;
                }

                domainEnd = firstSlash;
                pathStart = firstSlash + 1;
            }
        }

        // A yes/no answer needs no parts (and at most 128 characters are within the length limit).
        if (verdictOnly)
        {
            return MaskVerdict.Accept;
        }

        var nested = (slash & ~Below<T>(pathStart)) != T.Zero;
        return Accept(s, ref parts, domainEnd, nested, pathStart, pathEnd, tagColon < 0 ? -1 : tagColon + 1, tagColon < 0 ? -1 : m, digestStart)
            ? MaskVerdict.Accept
            : MaskVerdict.Reject;
    }

    /// <summary>
    /// The verdict on an input with characters outside letters, digits and <c>._-/:</c> (at the positions of
    /// <paramref name="mask"/>), decided by the first of them: '[' may begin an IPv6 registry and '@' a digest of an
    /// algorithm go-digest knows, of its exact length (here sha384 or sha512: a sha256 digest was read above), which
    /// the general path reads; anything else (a '+' before any digest, a space, '$'…) or an '@' not followed by such
    /// a whole digest cannot be valid.
    /// </summary>
    private static MaskVerdict OtherCharactersVerdict<T>(ReadOnlySpan<char> s, T mask)
        where T : IBinaryInteger<T>
    {
        var at = LowestBit(mask);
        var digest = s[(at + 1)..];
        return s[at] switch
        {
            '[' or ']' => MaskVerdict.Reject,
            '@' when digest.IndexOf(':') is var colon and > 0 && ExpectedHexLength(digest[..colon]) is var hex and > 0 && digest.Length == colon + 1 + hex => MaskVerdict.Reject,
            _ => MaskVerdict.Invalid,
        };
    }

    /// <summary>Sixteen characters, the width of one block.</summary>
    [InlineArray(16)]
    private struct Block
    {
        private ushort element;
    }
}
