using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace GoingHome.ServiceDefaults.Errors;

/// <summary>
/// Text PostgreSQL cannot store (a NUL character) or that is not valid Unicode (a lone surrogate, which JSON escapes
/// can carry), and a Timestamp outside the range protobuf defines (0001-01-01 to 9999-12-31, nanos under a second),
/// are refused as INVALID_ARGUMENT naming the field, for every request of every service, before any handler sees
/// them: one check, so no path can fail with INTERNAL on them.
/// </summary>
public static class StorableText
{
    public static void Check(IMessage message, string prefix, Violations violations)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            var path = prefix + field.Name;
            switch (field.Accessor.GetValue(message))
            {
                case IDictionary map:
                    foreach (DictionaryEntry entry in map)
                    {
                        CheckValue(entry.Key, $"{path}[{entry.Key}]", violations);
                        CheckValue(entry.Value, $"{path}[{entry.Key}]", violations);
                    }

                    break;
                case IList list when field.IsRepeated && field.FieldType is FieldType.String or FieldType.Message:
                    for (var i = 0; i < list.Count; i++)
                    {
                        CheckValue(list[i], $"{path}[{i}]", violations);
                    }

                    break;
                case var value:
                    CheckValue(value, path, violations);
                    break;
            }
        }
    }

    private static void CheckValue(object? value, string path, Violations violations)
    {
        switch (value)
        {
            case string text:
                CheckText(text, path, violations);
                break;
            case Google.Protobuf.WellKnownTypes.Timestamp time:
                if (time.Seconds is < MinSeconds or > MaxSeconds || time.Nanos is < 0 or > 999_999_999)
                {
                    violations.Add(path, "must be a time between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z");
                }

                break;
            case IMessage nested:
                Check(nested, path + ".", violations);
                break;
        }
    }

    // The range google.protobuf.Timestamp allows; outside it, converting the value throws.
    private const long MinSeconds = -62_135_596_800;
    private const long MaxSeconds = 253_402_300_799;

    private static void CheckText(string text, string path, Violations violations)
    {
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            violations.Add(path, "must not contain the NUL character (U+0000)");
        }
        else if (!IsWellFormed(text))
        {
            violations.Add(path, "must be valid Unicode text (it has an unpaired surrogate)");
        }
    }

    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>Applies <see cref="StorableText"/> to every request message, unary and server-streaming.</summary>
public sealed class StorableTextInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Require(request);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Require(request);
        return continuation(request, responseStream, context);
    }

    private static void Require<TRequest>(TRequest request)
    {
        if (request is IMessage message)
        {
            var violations = new Violations();
            StorableText.Check(message, "", violations);
            violations.ThrowIfAny();
        }
    }
}
