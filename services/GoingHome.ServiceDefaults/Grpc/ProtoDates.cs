using Google.Protobuf.WellKnownTypes;
using GoogleDate = Google.Type.Date;

namespace GoingHome.ServiceDefaults.Grpc;

/// <summary>Conversions between the contracts' google.type.Date / Timestamp and .NET dates.</summary>
public static class ProtoDates
{
    public static GoogleDate ToProto(this DateOnly date) => new() { Year = date.Year, Month = date.Month, Day = date.Day };

    public static GoogleDate? ToProto(this DateOnly? date) => date?.ToProto();

    public static Timestamp ToProto(this DateTimeOffset instant) => Timestamp.FromDateTimeOffset(instant);

    public static Timestamp? ToProto(this DateTimeOffset? instant) => instant?.ToProto();

    /// <summary>The date, or null when it is missing or not a real calendar date (31 February, month 13...).</summary>
    public static DateOnly? ToDateOnly(this GoogleDate? date)
    {
        if (date is null || date.Year is < 1 or > 9999 || date.Month is < 1 or > 12 || date.Day < 1)
        {
            return null;
        }

        return date.Day <= DateTime.DaysInMonth(date.Year, date.Month) ? new DateOnly(date.Year, date.Month, date.Day) : null;
    }
}
