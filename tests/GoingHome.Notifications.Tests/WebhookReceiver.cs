using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GoingHome.Notifications.Tests;

/// <summary>An integrator's endpoint on loopback that records every call and fails the ones <see cref="Fail"/> picks.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _calls;

    private WebhookReceiver(WebApplication app) => _app = app;

    public sealed record Call(int Number, string DeliveryId, string EventType, string Timestamp, string Signature, byte[] Body, int Status, IHeaderDictionary Headers);

    public ConcurrentQueue<Call> Calls { get; } = new();

    /// <summary>Given the call's number (1, 2, ...), whether to answer 503.</summary>
    public Func<int, bool> Fail { get; set; } = _ => false;

    public string Url { get; private set; } = "";

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hooks", async (HttpContext http) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer);
            var number = Interlocked.Increment(ref receiver._calls);
            var status = receiver.Fail(number) ? 503 : 204;
            var headers = http.Request.Headers;
            receiver.Calls.Enqueue(new Call(number, headers["GoingHome-Delivery-Id"].ToString(), headers["GoingHome-Event-Type"].ToString(),
                headers["GoingHome-Timestamp"].ToString(), headers["GoingHome-Signature"].ToString(), buffer.ToArray(), status,
                new HeaderDictionary(headers.ToDictionary(h => h.Key, h => h.Value))));
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        receiver.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/hooks";
        return receiver;
    }

    public IEnumerable<Call> Accepted => Calls.Where(c => c.Status < 300);

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
