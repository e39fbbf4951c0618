namespace GoingHome.ServiceDefaults.Errors;

/// <summary>Collects every problem with a request, so the caller hears about all of them at once.</summary>
public sealed class Violations
{
    private readonly List<FieldViolation> _fields = [];

    public bool Any => _fields.Count > 0;

    public Violations Add(string field, string description)
    {
        _fields.Add(new FieldViolation(field, description));
        return this;
    }

    public Violations Require(bool condition, string field, string description) =>
        condition ? this : Add(field, description);

    public Violations RequireText(string? value, string field, int maxLength, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return required ? Add(field, "is required") : this;
        }

        return Require(value.Length <= maxLength, field, $"must be at most {maxLength} characters");
    }

    /// <summary>A proto3 enum value must be a named, non-zero member: unknown numbers and UNSPECIFIED are refused.</summary>
    public Violations RequireEnum<TEnum>(TEnum value, string field)
        where TEnum : struct, Enum =>
        Require(Enum.IsDefined(value) && Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) != 0, field, "must be one of the defined values");

    /// <summary>Like <see cref="RequireEnum{TEnum}"/> but zero (unset) is allowed.</summary>
    public Violations OptionalEnum<TEnum>(TEnum value, string field)
        where TEnum : struct, Enum =>
        Require(Enum.IsDefined(value), field, "must be one of the defined values");

    /// <summary>Every write carries an idempotency key so it is safe to retry.</summary>
    public Violations RequireRequestId(string? requestId) =>
        RequireText(requestId, "request_id", 200).Require(requestId is null || !requestId.Any(char.IsControl), "request_id", "must be printable characters only");

    public void ThrowIfAny()
    {
        if (Any)
        {
            throw new ValidationFailedException(_fields);
        }
    }
}
