using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;

namespace GoingHome.ServiceDefaults.Grpc;

public static class KestrelEndpoints
{
    /// <summary>
    /// Without TLS a port speaks either HTTP/2 (gRPC) or HTTP/1.1 (gRPC-Web, JSON, browsers), never both, so a service
    /// listens on two: <c>GRPC_PORT</c> (the "http" endpoint other services discover) and <c>WEB_PORT</c>. The runner
    /// and the AppHost set both; <c>BIND_ADDRESS</c> defaults to loopback (0.0.0.0 in a container). With neither
    /// port set, Kestrel's own configuration (ASPNETCORE_URLS, Kestrel:Endpoints) applies unchanged.
    /// </summary>
    public static WebApplicationBuilder UseGrpcAndWebPorts(this WebApplicationBuilder builder)
    {
        var grpcPort = builder.Configuration.GetValue<int?>("GRPC_PORT");
        var webPort = builder.Configuration.GetValue<int?>("WEB_PORT");
        if (grpcPort is null && webPort is null)
        {
            return builder;
        }

        var address = IPAddress.Parse(builder.Configuration["BIND_ADDRESS"] ?? "127.0.0.1");
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (grpcPort is { } grpc)
            {
                kestrel.Listen(address, grpc, listen => listen.Protocols = HttpProtocols.Http2);
            }

            if (webPort is { } web)
            {
                kestrel.Listen(address, web, listen => listen.Protocols = HttpProtocols.Http1);
            }
        });
        return builder;
    }
}
