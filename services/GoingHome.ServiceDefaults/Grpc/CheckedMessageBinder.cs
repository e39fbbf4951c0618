using System.Reflection;
using GoingHome.ServiceDefaults.Errors;
using Google.Protobuf;
using Google.Rpc;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace GoingHome.ServiceDefaults.Grpc;

/// <summary>
/// Rule ACC-5: binds each gRPC service as grpc-dotnet's own binder does, with one difference: a request body that is
/// not a valid protobuf message is INVALID_ARGUMENT naming the body, not UNKNOWN. The framework reads the request
/// before any interceptor runs and reports a parser's exception as "Exception was thrown by handler", so the check
/// has to sit in the request marshaller.
/// </summary>
internal sealed class CheckedMessageBinder<TService> : IServiceMethodProvider<TService> where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        for (var type = typeof(TService); type is not null; type = type.BaseType)
        {
            if (type.GetCustomAttribute<BindServiceMethodAttribute>(inherit: false) is { } attribute)
            {
                var bindService = attribute.BindType.GetMethod(attribute.BindMethodName,
                    BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, [typeof(ServiceBinderBase), type]);
                bindService?.Invoke(null, [new Binder(context, type), null]);
                return;
            }
        }
    }

    /// <param name="generatedBase">The generated base class: a handler is the override of its method, never one hiding it.</param>
    private sealed class Binder(ServiceMethodProviderContext<TService> context, Type generatedBase) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Handler<UnaryServerMethod<TService, TRequest, TResponse>>(method.Name, typeof(TRequest), typeof(ServerCallContext));
            context.AddUnaryMethod(Checked(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Handler<ServerStreamingServerMethod<TService, TRequest, TResponse>>(
                method.Name, typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
            context.AddServerStreamingMethod(Checked(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Handler<ClientStreamingServerMethod<TService, TRequest, TResponse>>(
                method.Name, typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext));
            context.AddClientStreamingMethod(Checked(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Handler<DuplexStreamingServerMethod<TService, TRequest, TResponse>>(
                method.Name, typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
            context.AddDuplexStreamingMethod(Checked(method), metadata, invoker);
        }

        /// <summary>
        /// The service's implementation of the method and its attributes (type first, method last), as endpoint
        /// metadata, with gRPC's POST (and CORS preflight) as the only HTTP method, as the framework's binder adds.
        /// </summary>
        private (TDelegate Invoker, List<object> Metadata) Handler<TDelegate>(string name, params Type[] parameters)
            where TDelegate : Delegate
        {
            var method = Override(name, parameters) ?? throw new InvalidOperationException($"{typeof(TService).Name} has no method {name}.");
            List<object> metadata =
            [
                .. typeof(TService).GetCustomAttributes(inherit: true), .. method.GetCustomAttributes(inherit: true),
                new Microsoft.AspNetCore.Routing.HttpMethodMetadata(["POST"], acceptCorsPreflight: true),
            ];
            return ((TDelegate)Delegate.CreateDelegate(typeof(TDelegate), method), metadata);
        }

        private MethodInfo? Override(string name, Type[] parameters)
        {
            for (var type = typeof(TService); type is not null; type = type.BaseType)
            {
                var method = type.GetMethod(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly, parameters);
                if (method?.GetBaseDefinition().DeclaringType == generatedBase)
                {
                    return method;
                }
            }

            return null;
        }

        private static Method<TRequest, TResponse> Checked<TRequest, TResponse>(Method<TRequest, TResponse> method)
            where TRequest : class where TResponse : class
        {
            var inner = method.RequestMarshaller;
            var requestType = typeof(TRequest).Name;
            var marshaller = Marshallers.Create(inner.ContextualSerializer, deserialization =>
            {
                try
                {
                    return inner.ContextualDeserializer(deserialization);
                }
                catch (InvalidProtocolBufferException)
                {
                    throw Unreadable(requestType);
                }
            });
            return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, marshaller, method.ResponseMarshaller);
        }
    }

    private static RpcException Unreadable(string requestType) => RpcErrors.Build(
        StatusCode.InvalidArgument, $"Request is invalid: body: is not a valid {requestType} message.", "INVALID_ARGUMENT",
        new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = "body", Description = $"is not a valid {requestType} message" } } });
}
