namespace GoingHome.Time;

public static class Ages
{
    /// <summary>Age in whole years on a day: a birthday on 29 February counts from 1 March in other years.</summary>
    public static int On(DateOnly dateOfBirth, DateOnly day)
    {
        var age = day.Year - dateOfBirth.Year;
        return dateOfBirth.AddYears(age) > day ? age - 1 : age;
    }
}
