using GoingHome.Events.V1;
using GoingHome.Messaging;
using GoingHome.Testing;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Platform.Tests
{
    /// <summary>The shape test fails when the shape is broken: each check, against a service made to break it.</summary>
    public sealed class ServiceShapeSelfTests
    {
        private const string Root = "GoingHome.Platform.Tests.BrokenService";

        private static readonly Type[] Types = [.. ServiceShape.TypesUnder(typeof(ServiceShapeSelfTests).Assembly.GetTypes(), Root)];

        [Fact(DisplayName = "Shape: a type outside the folders, a Domain rule holding a DbContext, a handler outside Events/ and a use case holding the adapter are each named")]
        public void Each_break_is_named()
        {
            Assert.Equal([$"{Root}.Helpers.Stray is outside the service's folders"], ServiceShape.Stray(Types, Root));
            Assert.Equal([$"{Root}.Domain.ImpureRule uses Microsoft.EntityFrameworkCore.DbContext"], ServiceShape.ImpureDomain(Types, Root));
            Assert.Equal([$"{Root}.Features.MisplacedHandler belongs in Events/", $"{Root}.Features.MisplacedJob belongs in Jobs/"], ServiceShape.Misplaced(Types, Root).Order());
            Assert.Equal([$"{Root}.Features.LeaningUseCase uses {Root}.Grpc.Adapter"], ServiceShape.LeaningOnAdapter(Types, Root));
        }

        [Fact(DisplayName = "Shape: the same checks find nothing in a service of the right shape")]
        public void A_good_shape_passes()
        {
            var good = Types.Where(t => t.Name is "PureRule" or "Adapter" or "GoodHandler").ToList();
            Assert.Empty(ServiceShape.Stray(good, Root).Concat(ServiceShape.ImpureDomain(good, Root)).Concat(ServiceShape.Misplaced(good, Root)).Concat(ServiceShape.LeaningOnAdapter(good, Root)));
        }
    }
}

namespace GoingHome.Platform.Tests.BrokenService.Helpers
{
    internal sealed class Stray;
}

namespace GoingHome.Platform.Tests.BrokenService.Domain
{
    internal sealed class ImpureRule(DbContext db)
    {
        public DbContext Context => db;
    }

    internal static class PureRule
    {
        public static bool Holds(int days) => days > 0;
    }
}

namespace GoingHome.Platform.Tests.BrokenService.Grpc
{
    internal sealed class Adapter : GoingHome.Case.V1.CaseService.CaseServiceBase;
}

namespace GoingHome.Platform.Tests.BrokenService.Features
{
    internal sealed class MisplacedHandler : IEventHandler<ChildCreated>
    {
        public Task HandleAsync(ChildCreated message, EventEnvelope envelope, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    internal sealed class MisplacedJob : Microsoft.Extensions.Hosting.BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
    }

    internal sealed class LeaningUseCase(Grpc.Adapter adapter)
    {
        public Grpc.Adapter Adapter => adapter;
    }
}

namespace GoingHome.Platform.Tests.BrokenService.Events
{
    internal sealed class GoodHandler : IEventHandler<ChildCreated>
    {
        public Task HandleAsync(ChildCreated message, EventEnvelope envelope, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
