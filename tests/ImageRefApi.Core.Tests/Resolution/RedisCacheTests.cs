using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Extensions.Caching.Distributed;

namespace ImageRefApi.Core.Tests.Resolution;

/// <summary>The HybridCache L2 on a real redis-server: a second resolver instance (another replica) sees the first one's answer.</summary>
[Collection(RegistryCollectionDefinition.Name)]
public sealed class RedisCacheTests(RegistryFixture fixture)
{
    [RegistryFact(Redis = true)]
    public async Task ResolveAsync_SharesAnswersThroughRedis_AcrossInstances()
    {
        using var redis = RedisProcess.Start();
        var images = fixture.Open;
        var repository = "team/redis-" + Guid.NewGuid().ToString("N")[..8];
        var first = images.Registry.PushImage(repository, "live", "first");
        var reference = $"{images.Registry.Host}/{repository}:live";
        var withRedis = ResolverHost.ForLoopback(images.Registry.Host);
        withRedis["ConnectionStrings:Redis"] = $"127.0.0.1:{redis.Port}";

        using (var replicaA = new ResolverHost(withRedis))
        {
            Assert.Equal(first, (await replicaA.ResolveAsync(reference)).Digest);

            // HybridCache writes its second level in the background; wait until the entry is really in Redis.
            var redisCache = (IDistributedCache)replicaA.Services.GetService(typeof(IDistributedCache))!;
            Assert.IsNotType<MemoryDistributedCache>(redisCache);
            var key = $"imagerefapi:resolution:v1:{images.Registry.Host}/{repository}:live";
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (await redisCache.GetAsync(key) is null && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            Assert.NotNull(await redisCache.GetAsync(key));
        }

        var second = images.Registry.PushImage(repository, "live", "second");
        using var replicaB = new ResolverHost(withRedis);
        using var withoutRedis = new ResolverHost(ResolverHost.ForLoopback(images.Registry.Host));

        // replicaB has an empty memory cache, so the old digest can only have come from Redis.
        Assert.Equal(first, (await replicaB.ResolveAsync(reference)).Digest);
        Assert.Equal(second, (await withoutRedis.ResolveAsync(reference)).Digest);
    }

    private sealed class RedisProcess : IDisposable
    {
        private readonly Process _process;
        private readonly string _directory;

        private RedisProcess(Process process, string directory, int port)
        {
            _process = process;
            _directory = directory;
            Port = port;
        }

        public int Port { get; }

        public static RedisProcess Start()
        {
            if (!File.Exists(ExternalTools.RedisBinary))
            {
                throw new InvalidOperationException($"{ExternalTools.RedisBinary} is missing: apt-get install redis-server.");
            }

            var directory = Directory.CreateTempSubdirectory("imagerefapi-redis-").FullName;
            var port = RegistryProcess.FreePort();
            var start = new ProcessStartInfo(ExternalTools.RedisBinary)
            {
                ArgumentList = { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no", "--dir", directory },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var redis = new RedisProcess(process, directory, port);
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (DateTime.UtcNow < deadline)
            {
                try
                {
                    using var probe = new TcpClient();
                    probe.Connect("127.0.0.1", port);
                    return redis;
                }
                catch (SocketException)
                {
                    Thread.Sleep(100);
                }
            }

            redis.Dispose();
            throw new InvalidOperationException("redis-server did not listen within 10 s.");
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }

            _process.Dispose();
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
}
