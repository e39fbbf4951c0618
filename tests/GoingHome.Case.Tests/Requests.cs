using GoingHome.Case.V1;
using Google.Type;

namespace GoingHome.Case.Tests;

/// <summary>Well-formed requests the tests change one thing in.</summary>
public static class Requests
{
    public const string ValidNhsNumber = "9434765919";

    public static CreateChildRequest NewChild(string givenName = "Amara", string familyName = "Okafor", int birthYear = 2014) => new()
    {
        RequestId = Guid.NewGuid().ToString(),
        Child = new Child
        {
            GivenName = givenName,
            FamilyName = familyName,
            DateOfBirth = new Date { Year = birthYear, Month = 3, Day = 14 },
            Gender = Gender.Female,
            NhsNumber = "943 476 5919",
        },
    };

    public static Date Day(int year, int month, int day) => new() { Year = year, Month = month, Day = day };

    public static string NewId() => Guid.NewGuid().ToString();
}
