using GoingHome.Persistence;

namespace GoingHome.Notifications.Data;

/// <summary>
/// What is stored for each enum value, written out: the codes are the names the values had when first stored, and stay
/// when a value is renamed. A new value gets its code here (the service will not start without one).
/// </summary>
public static class StoredEnums
{
    public static readonly StoredCodes<DeliveryStatus> DeliveryStatusCodes = new(
        (DeliveryStatus.Pending, "Pending"),
        (DeliveryStatus.Delivered, "Delivered"),
        (DeliveryStatus.Dead, "Dead"));
}
