using GoingHome.Assessment.Data;
using GoingHome.Messaging;
using GoingHome.ServiceDefaults.Auth;

namespace GoingHome.Assessment.Features;

/// <summary>Raises an Assessment event through the outbox, so it commits with the change in the use case's unit of work.</summary>
public sealed class AssessmentEvents(EventOutbox<AssessmentDbContext> outbox, CurrentUser user)
{
    public void Raise(string childId, Google.Protobuf.IMessage payload) =>
        outbox.Add(AssessmentExtensions.Topic, payload, childId, null, user.Id);
}
