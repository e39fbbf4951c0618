using System.Reflection;
using GoingHome.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace GoingHome.Testing;

/// <summary>
/// One shape for every service, held by reflection over its assembly: the same folders (namespaces) with the same
/// meaning, rules in Domain/ free of I/O, event handlers in Events/, background work in Jobs/, and use cases that do not
/// lean on the gRPC adapter. Each service's test project runs it for its own assembly.
/// </summary>
public abstract class ServiceShapeTests(Assembly service)
{
    private readonly string _root = service.GetName().Name!;

    private IEnumerable<Type> OwnTypes => ServiceShape.TypesUnder(service.GetTypes(), _root);

    [Fact(DisplayName = "Shape: every type sits in one of the service's folders (Data, Domain, Events, Features, Grpc, Jobs) or at its root")]
    public void Every_type_in_a_known_folder() => Assert.Empty(ServiceShape.Stray(OwnTypes, _root));

    [Fact(DisplayName = "Shape: Domain/ is pure rules: nothing there takes or returns EF Core, the database context, messaging, persistence, the gRPC adapter or a use case")]
    public void Domain_is_pure() => Assert.Empty(ServiceShape.ImpureDomain(OwnTypes, _root));

    [Fact(DisplayName = "Shape: event handlers live in Events/, background work in Jobs/")]
    public void Handlers_in_Events_and_jobs_in_Jobs() => Assert.Empty(ServiceShape.Misplaced(OwnTypes, _root));

    [Fact(DisplayName = "Shape: use cases, handlers, jobs and rules never reach for the gRPC adapter's service classes (no Features <-> Grpc cycle)")]
    public void Features_do_not_use_the_adapter() => Assert.Empty(ServiceShape.LeaningOnAdapter(OwnTypes, _root));
}

/// <summary>The checks behind <see cref="ServiceShapeTests"/>, each returning what breaks the shape, in words.</summary>
public static class ServiceShape
{
    /// <summary>The folders a service has, and what each holds (docs/architecture.md).</summary>
    public static readonly string[] Folders = ["Data", "Domain", "Events", "Features", "Grpc", "Jobs"];

    public static IEnumerable<Type> TypesUnder(IEnumerable<Type> types, string root) =>
        types.Where(t => (t.Namespace == root || t.Namespace?.StartsWith($"{root}.", StringComparison.Ordinal) == true) && !IsCompilerMade(t));

    public static List<string> Stray(IEnumerable<Type> types, string root) =>
        [.. types.Where(t => t.Namespace != root && !Folders.Any(f => t.Namespace == $"{root}.{f}" || t.Namespace!.StartsWith($"{root}.{f}.", StringComparison.Ordinal)))
            .Select(t => $"{t.FullName} is outside the service's folders")];

    public static List<string> ImpureDomain(IEnumerable<Type> types, string root)
    {
        string[] forbidden = ["Microsoft.EntityFrameworkCore", "GoingHome.Messaging", "GoingHome.Persistence", "Grpc.Core", $"{root}.Grpc", $"{root}.Features", $"{root}.Events", $"{root}.Jobs"];
        return [.. types.Where(t => t.Namespace == $"{root}.Domain")
            .SelectMany(t => Signature(t)
                .Where(used => typeof(DbContext).IsAssignableFrom(used) || (used.Namespace is { } ns && forbidden.Any(f => ns == f || ns.StartsWith($"{f}.", StringComparison.Ordinal))))
                .Select(used => $"{t.FullName} uses {used.FullName}"))
            .Distinct()];
    }

    public static List<string> Misplaced(IEnumerable<Type> types, string root) =>
        [.. types.Where(t => !t.IsAbstract)
            .Select(t => (Type: t, Folder: IsEventHandler(t) ? "Events" : typeof(BackgroundService).IsAssignableFrom(t) ? "Jobs" : null))
            .Where(x => x.Folder is not null && x.Type.Namespace != $"{root}.{x.Folder}")
            .Select(x => $"{x.Type.FullName} belongs in {x.Folder}/")];

    public static List<string> LeaningOnAdapter(IEnumerable<Type> types, string root)
    {
        var all = types.ToList();
        var adapters = all.Where(t => t.Namespace == $"{root}.Grpc" && IsGrpcService(t.BaseType)).ToHashSet();
        string[] inner = [$"{root}.Features", $"{root}.Events", $"{root}.Jobs", $"{root}.Domain"];
        return [.. all.Where(t => inner.Contains(t.Namespace))
            .SelectMany(t => Signature(t).Where(adapters.Contains).Select(adapter => $"{t.FullName} uses {adapter.FullName}"))
            .Distinct()];
    }

    private static bool IsEventHandler(Type type) =>
        type.GetInterfaces().Any(i => i == typeof(IEventHandler) || (i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEventHandler<>)));

    /// <summary>A gRPC service base generated from a proto carries BindServiceMethod; the adapter derives from it.</summary>
    private static bool IsGrpcService(Type? type) =>
        type is not null && (type.GetCustomAttributes(inherit: false).Any(a => a.GetType().Name == "BindServiceMethodAttribute") || IsGrpcService(type.BaseType));

    private static bool IsCompilerMade(Type type) =>
        type.Name.Contains('<', StringComparison.Ordinal) || type.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute));

    /// <summary>The types a type's declarations name: base, interfaces, fields, properties, constructor and method signatures.</summary>
    private static IEnumerable<Type> Signature(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var named = new List<Type?> { type.BaseType };
        named.AddRange(type.GetInterfaces());
        named.AddRange(type.GetFields(all).Select(f => f.FieldType));
        named.AddRange(type.GetProperties(all).Select(p => p.PropertyType));
        foreach (var method in type.GetConstructors(all).Cast<MethodBase>().Concat(type.GetMethods(all)))
        {
            named.AddRange(method.GetParameters().Select(p => p.ParameterType));
            if (method is MethodInfo info)
            {
                named.Add(info.ReturnType);
            }
        }

        return named.OfType<Type>().SelectMany(Unwrap).Distinct();
    }

    private static IEnumerable<Type> Unwrap(Type type) =>
        type.HasElementType ? Unwrap(type.GetElementType()!)
        : type.IsGenericType ? [type, .. type.GetGenericArguments().SelectMany(Unwrap)]
        : [type];
}
