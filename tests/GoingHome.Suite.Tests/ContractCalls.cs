using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace GoingHome.Suite.Tests;

/// <summary>Calls any method of the contracts from its descriptor, with messages built by reflection.</summary>
internal static class ContractCalls
{
    public static IMessage Empty(MessageDescriptor type) => type.Parser.ParseFrom(ByteString.Empty);

    /// <summary>
    /// A unary call answered, or a stream's first message (or its end) read; an error status is thrown as RpcException.
    /// Returns the unary answer, or null for a stream. <paramref name="body"/>, when given, goes on the wire in place
    /// of the request's bytes.
    /// </summary>
    public static async Task<IMessage?> CallAsync(CallInvoker invoker, ServiceDescriptor service, MethodDescriptor method, CallOptions options, IMessage request, byte[]? body = null)
    {
        var rpc = new Method<IMessage, IMessage>(
            method.IsServerStreaming ? MethodType.ServerStreaming : MethodType.Unary, service.FullName, method.Name,
            Marshal(method.InputType, body), Marshal(method.OutputType));
        if (!method.IsServerStreaming)
        {
            return await invoker.AsyncUnaryCall(rpc, null, options, request);
        }

        using var stream = invoker.AsyncServerStreamingCall(rpc, null, options, request);
        await stream.ResponseStream.MoveNext(CancellationToken.None);
        return null;
    }

    private static Marshaller<IMessage> Marshal(MessageDescriptor type, byte[]? body = null) =>
        Marshallers.Create(message => body ?? message.ToByteArray(), bytes => type.Parser.ParseFrom(bytes));
}
