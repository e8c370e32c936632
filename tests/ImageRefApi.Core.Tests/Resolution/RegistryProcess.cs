using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace ImageRefApi.Core.Tests.Resolution;

/// <summary>A real CNCF distribution registry (Debian's docker-registry) on a free loopback port, with temporary storage.</summary>
public sealed class RegistryProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly HttpClient _client;

    private RegistryProcess(Process process, string directory, int port, HttpClient client)
    {
        _process = process;
        _directory = directory;
        Port = port;
        _client = client;
    }

    public int Port { get; }

    /// <summary>The registry as written in references.</summary>
    public string Host => $"127.0.0.1:{Port}";

    public static RegistryProcess Start(string? username = null, string? password = null) =>
        Start(username, password, authYaml: null, pushAuthorization: null);

    /// <summary>Starts a registry with a custom <c>auth:</c> section and the header the fixture pushes with.</summary>
    public static RegistryProcess Start(string? username, string? password, string? authYaml, AuthenticationHeaderValue? pushAuthorization)
    {
        if (!File.Exists(ExternalTools.RegistryBinary))
        {
            throw new InvalidOperationException($"{ExternalTools.RegistryBinary} is missing: apt-get install docker-registry.");
        }

        var directory = Directory.CreateTempSubdirectory("imagerefapi-registry-").FullName;
        var port = FreePort();
        var auth = authYaml ?? string.Empty;
        if (username is not null)
        {
            var htpasswdFile = Path.Combine(directory, "htpasswd");
            File.WriteAllText(htpasswdFile, RunHtpasswd(username, password!));
            auth = $"auth:\n  htpasswd:\n    realm: test-realm\n    path: {htpasswdFile}\n";
        }

        var configFile = Path.Combine(directory, "config.yml");
        File.WriteAllText(configFile, $"""
            version: 0.1
            log:
              level: error
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: {Path.Combine(directory, "data")}
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:{port}
            {auth}
            """);

        var start = new ProcessStartInfo(ExternalTools.RegistryBinary)
        {
            ArgumentList = { "serve", configFile },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("docker-registry did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        if (pushAuthorization is not null)
        {
            client.DefaultRequestHeaders.Authorization = pushAuthorization;
        }
        else if (username is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));
        }

        var registry = new RegistryProcess(process, directory, port, client);
        registry.WaitUntilReady();
        return registry;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string Digest(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Pushes a config and a layer blob and returns the image manifest bytes (not yet pushed).</summary>
    public byte[] PrepareImage(string repository, string os, string architecture, string marker)
    {
        var layer = GzipTar(marker);
        var layerDigest = PushBlob(repository, layer);
        var config = Encoding.UTF8.GetBytes(
            $$$"""{"architecture":"{{{architecture}}}","os":"{{{os}}}","config":{"Labels":{"marker":"{{{marker}}}"}},"rootfs":{"type":"layers","diff_ids":["{{{Digest(Tar(marker))}}}"]}}""");
        var configDigest = PushBlob(repository, config);
        return Encoding.UTF8.GetBytes(
            $$$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{{configDigest}}}","size":{{{config.Length}}}},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{{{layerDigest}}}","size":{{{layer.Length}}}}]}""");
    }

    /// <summary>Pushes a single-platform image under <paramref name="tag"/>; returns its manifest digest.</summary>
    public string PushImage(string repository, string tag, string marker, string os = "linux", string architecture = "amd64")
    {
        var manifest = PrepareImage(repository, os, architecture, marker);
        PushManifest(repository, tag, "application/vnd.oci.image.manifest.v1+json", manifest);
        return Digest(manifest);
    }

    /// <summary>Pushes a two-platform index (linux/amd64, linux/arm64/v8) under <paramref name="tag"/>.</summary>
    public (string IndexDigest, string AmdDigest, string ArmDigest) PushIndex(string repository, string tag, string marker)
    {
        var amd = PrepareImage(repository, "linux", "amd64", marker + "-amd64");
        var arm = PrepareImage(repository, "linux", "arm64", marker + "-arm64");
        PushManifest(repository, Digest(amd), "application/vnd.oci.image.manifest.v1+json", amd);
        PushManifest(repository, Digest(arm), "application/vnd.oci.image.manifest.v1+json", arm);
        var index = Encoding.UTF8.GetBytes(
            $$$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{{Digest(amd)}}}","size":{{{amd.Length}}},"platform":{"architecture":"amd64","os":"linux"}},{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{{Digest(arm)}}}","size":{{{arm.Length}}},"platform":{"architecture":"arm64","os":"linux","variant":"v8"}}]}""");
        PushManifest(repository, tag, "application/vnd.oci.image.index.v1+json", index);
        return (Digest(index), Digest(amd), Digest(arm));
    }

    public void PushManifest(string repository, string reference, string mediaType, byte[] manifest)
    {
        using var content = new ByteArrayContent(manifest);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var response = _client.PutAsync($"v2/{repository}/manifests/{reference}", content).GetAwaiter().GetResult();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Manifest push answered {(int)response.StatusCode}: {response.Content.ReadAsStringAsync().GetAwaiter().GetResult()}");
        }
    }

    public string PushBlob(string repository, byte[] blob)
    {
        var digest = Digest(blob);
        using var start = _client.PostAsync($"v2/{repository}/blobs/uploads/", null).GetAwaiter().GetResult();
        if (start.StatusCode != HttpStatusCode.Accepted || start.Headers.Location is null)
        {
            throw new InvalidOperationException($"Blob upload start answered {(int)start.StatusCode}.");
        }

        var location = start.Headers.Location.IsAbsoluteUri ? start.Headers.Location : new Uri(_client.BaseAddress!, start.Headers.Location);
        var put = new UriBuilder(location);
        put.Query = (put.Query.Length > 1 ? put.Query[1..] + "&" : string.Empty) + "digest=" + Uri.EscapeDataString(digest);
        using var content = new ByteArrayContent(blob);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var done = _client.PutAsync(put.Uri, content).GetAwaiter().GetResult();
        if (done.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Blob upload answered {(int)done.StatusCode}.");
        }

        return digest;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        finally
        {
            _process.Dispose();
            _client.Dispose();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }

    private void WaitUntilReady()
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"docker-registry exited with {_process.ExitCode} during start-up.");
            }

            try
            {
                using var response = _client.GetAsync("v2/").GetAwaiter().GetResult();
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Thread.Sleep(100);
        }

        Dispose();
        throw new InvalidOperationException("docker-registry did not answer within 20 s.");
    }

    private static string RunHtpasswd(string username, string password)
    {
        var start = new ProcessStartInfo(ExternalTools.HtpasswdBinary)
        {
            ArgumentList = { "-nbB", "-C", "5", username, password },
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("htpasswd did not start.");
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output.Trim() + "\n" : throw new InvalidOperationException("htpasswd failed.");
    }

    private static byte[] Tar(string marker)
    {
        // A one-file POSIX tar: 512-byte header, content padded to 512, two zero blocks.
        var content = Encoding.UTF8.GetBytes(marker + "\n");
        var tar = new byte[512 + 512 + 1024];
        Encoding.ASCII.GetBytes("marker.txt").CopyTo(tar, 0);
        Encoding.ASCII.GetBytes("0000644\0").CopyTo(tar, 100);
        Encoding.ASCII.GetBytes("0000000\0").CopyTo(tar, 108);
        Encoding.ASCII.GetBytes("0000000\0").CopyTo(tar, 116);
        Encoding.ASCII.GetBytes(Convert.ToString(content.Length, 8).PadLeft(11, '0') + "\0").CopyTo(tar, 124);
        Encoding.ASCII.GetBytes("00000000000\0").CopyTo(tar, 136);
        tar[156] = (byte)'0';
        Encoding.ASCII.GetBytes("ustar\0" + "00").CopyTo(tar, 257);
        for (var i = 148; i < 156; i++)
        {
            tar[i] = (byte)' ';
        }

        var sum = tar.AsSpan(0, 512).ToArray().Sum(b => b);
        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(tar, 148);
        content.CopyTo(tar, 512);
        return tar;
    }

    private static byte[] GzipTar(string marker)
    {
        using var output = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest))
        {
            gzip.Write(Tar(marker));
        }

        return output.ToArray();
    }
}
