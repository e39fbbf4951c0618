using Grpc.Net.Client;
using Grpc.Reflection.V1Alpha;

namespace GoingHome.Benchmarks;

/// <summary>
/// The baseline every ratio is taken against: gRPC reflection's ListServices, answered from memory with no I/O, so it
/// measures what the client, HTTP/2 and the gRPC pipeline cost and nothing else. (The health Check is not a no-op when
/// its result is computed per call; it answers from a cached result now, but a baseline must not depend on that.)
/// </summary>
public static class NoOpCall
{
    public const string Name = "no-op gRPC (reflection ListServices, no I/O)";

    public static async Task ListServicesAsync(GrpcChannel channel)
    {
        using var call = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "*" });
        await call.RequestStream.CompleteAsync();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
        }
    }
}
