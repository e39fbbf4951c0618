namespace GoingHome.Case.Domain;

/// <summary>NHS numbers: ten digits, the last a modulus 11 check digit over the first nine.</summary>
public static class NhsNumber
{
    /// <summary>Strips spaces and dashes; returns null when what is left is not a valid NHS number.</summary>
    public static string? Normalise(string value)
    {
        var digits = new string(value.Where(c => c is not (' ' or '-')).ToArray());
        return digits.Length == 10 && digits.All(char.IsAsciiDigit) && HasValidCheckDigit(digits) ? digits : null;
    }

    private static bool HasValidCheckDigit(string digits)
    {
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            sum += (digits[i] - '0') * (10 - i);
        }

        var check = 11 - (sum % 11);
        if (check == 11)
        {
            check = 0;
        }

        // A check digit of 10 means no valid number has these nine digits.
        return check != 10 && check == digits[9] - '0';
    }
}
