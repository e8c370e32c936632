using System.Net;
using System.Net.Sockets;

namespace ImageRefApi.Core.Resolution;

/// <summary>What kind of network an IP address belongs to, for the SSRF guard.</summary>
internal enum AddressClass
{
    /// <summary>A globally routable address.</summary>
    Public,

    /// <summary>Loopback, private, link-local, unique-local, carrier-grade NAT and similar internal ranges.</summary>
    Private,

    /// <summary>Cloud metadata endpoints: refused even when private networks are allowed.</summary>
    Metadata,

    /// <summary>Unspecified, multicast, broadcast or reserved: never a registry, always refused.</summary>
    Forbidden,
}

/// <summary>Classifies IP addresses; the guard is applied to every address a connection is made to.</summary>
internal static class AddressPolicy
{
    /// <summary>Whether a connection to <paramref name="address"/> is permitted.</summary>
    public static bool IsAllowed(IPAddress address, bool allowPrivateNetworks) => Classify(address) switch
    {
        AddressClass.Public => true,
        AddressClass.Private => allowPrivateNetworks,
        _ => false,
    };

    /// <summary>Classifies an address, looking through IPv4-mapped, IPv4-compatible, NAT64 and 6to4 forms.</summary>
    public static AddressClass Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> v4 = stackalloc byte[4];
            address.TryWriteBytes(v4, out _);
            return ClassifyV4(v4);
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return AddressClass.Forbidden;
        }

        Span<byte> b = stackalloc byte[16];
        address.TryWriteBytes(b, out _);
        if (IsZero(b[..10]))
        {
            // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (deprecated compatible); :: and ::1 are handled below.
            if (b[10] == 0xff && b[11] == 0xff)
            {
                return ClassifyV4(b[12..]);
            }

            if (b[10] == 0 && b[11] == 0)
            {
                if (IsZero(b[12..15]) && b[15] <= 1)
                {
                    return b[15] == 0 ? AddressClass.Forbidden : AddressClass.Private;
                }

                return ClassifyV4(b[12..]);
            }
        }

        // 64:ff9b::/96 (NAT64) and 64:ff9b:1::/48 (local-use NAT64) embed an IPv4 address in the last 32 bits.
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b)
        {
            return b[4] == 0 && b[5] == 1 ? AddressClass.Private : ClassifyV4(b[12..]);
        }

        // 2002::/16 (6to4) embeds an IPv4 address in bits 16-47.
        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return ClassifyV4(b[2..6]);
        }

        if (b[0] == 0xfd && b[1] == 0x00 && b[2] == 0x0e && b[3] == 0xc2 && IsZero(b[4..14]) && b[14] == 0x02 && b[15] == 0x54)
        {
            return AddressClass.Metadata; // fd00:ec2::254, the AWS IMDS IPv6 endpoint
        }

        if (b[0] == 0xff)
        {
            return AddressClass.Forbidden; // multicast
        }

        if ((b[0] & 0xfe) == 0xfc // fc00::/7 unique local
            || (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) // fe80::/10 link-local
            || (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) // fec0::/10 deprecated site-local
            || (b[0] == 0x01 && b[1] == 0x00 && IsZero(b[2..8]))) // 100::/64 discard-only
        {
            return AddressClass.Private;
        }

        // 2001:db8::/32 documentation prefix is never a real server.
        return b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8 ? AddressClass.Forbidden : AddressClass.Public;
    }

    private static AddressClass ClassifyV4(ReadOnlySpan<byte> a)
    {
        if (a[0] == 169 && a[1] == 254 && ((a[2] == 169 && a[3] == 254) || (a[2] == 170 && a[3] == 2)))
        {
            return AddressClass.Metadata; // cloud instance metadata, ECS task metadata
        }

        if (a[0] == 100 && a[1] == 100 && a[2] == 100 && a[3] == 200)
        {
            return AddressClass.Metadata; // Alibaba Cloud metadata
        }

        if (a[0] == 0 || a[0] >= 224)
        {
            return AddressClass.Forbidden; // 0.0.0.0/8 "this network", multicast, reserved, broadcast
        }

        return a[0] switch
        {
            10 or 127 => AddressClass.Private,
            100 when (a[1] & 0xc0) == 64 => AddressClass.Private, // 100.64.0.0/10 carrier-grade NAT
            169 when a[1] == 254 => AddressClass.Private,
            172 when (a[1] & 0xf0) == 16 => AddressClass.Private,
            192 when a[1] == 168 => AddressClass.Private,
            192 when a[1] == 0 && a[2] == 0 => AddressClass.Private, // 192.0.0.0/24 IETF protocol assignments
            198 when (a[1] & 0xfe) == 18 => AddressClass.Private, // 198.18.0.0/15 benchmarking
            _ => AddressClass.Public,
        };
    }

    private static bool IsZero(ReadOnlySpan<byte> bytes) => !bytes.ContainsAnyExcept((byte)0);
}
