using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace GoingHome.Testing;

/// <summary>Stand-in gRPC services on a real loopback HTTP/2 port, for a service or client under test to call.</summary>
public sealed class GrpcTestServer(WebApplication host, string address) : IAsyncDisposable
{
    public string Address => address;

    /// <summary>Registers each instance as itself and lets <paramref name="map"/> map the gRPC services that use them.</summary>
    public static async Task<GrpcTestServer> StartAsync(Action<WebApplication> map, params object[] instances)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        foreach (var instance in instances)
        {
            builder.Services.AddSingleton(instance.GetType(), instance);
        }

        var host = builder.Build();
        map(host);
        await host.StartAsync();
        return new GrpcTestServer(host, host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();
}
