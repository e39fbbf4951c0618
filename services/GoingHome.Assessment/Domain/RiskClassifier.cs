using GoingHome.Assessment.V1;
using GoingHome.ServiceDefaults.Errors;

namespace GoingHome.Assessment.Domain;

/// <summary>
/// Rule RH-3: the NSPCC risk of reunification classification (Ward, Brown and Westlake 2012), as DOMAIN.md decides
/// the cases the framework leaves open. Pure.
/// </summary>
public static class RiskClassifier
{
    public sealed record Result(RiskBand Band, string Explanation);

    public static Result Classify(RiskInputs inputs)
    {
        var band = (inputs.RiskFactors, inputs.ProtectiveFactors) switch
        {
            (RiskFactors.NotBeingAddressed, ProtectiveFactors.None) => RiskBand.Severe,
            (RiskFactors.NotBeingAddressed, ProtectiveFactors.AtLeastOne) => RiskBand.High,
            (RiskFactors.NotAllAddressed, ProtectiveFactors.AtLeastOne) => RiskBand.Medium,
            // Decision (DOMAIN.md): risks not all addressed and nothing protective is High.
            (RiskFactors.NotAllAddressed, ProtectiveFactors.None) => RiskBand.High,
            (RiskFactors.NoneOrAddressed, ProtectiveFactors.AtLeastOne) => RiskBand.Low,
            // Decision (DOMAIN.md): no risks but nothing protective either is Medium.
            (RiskFactors.NoneOrAddressed, ProtectiveFactors.None) => RiskBand.Medium,
            _ => throw new ValidationFailedException([new FieldViolation("inputs", "risk_factors and protective_factors must both be set")]),
        };

        // The floor: unless parents show capacity to sustain change and parents and child both want the return,
        // the risk is at least High.
        var floorApplies = !(inputs.CapacityToChange == CapacityToChange.Sustained && inputs.Wishes == Wishes.BothWantReturn);
        var explanation = $"{inputs.RiskFactors} risk factors with {inputs.ProtectiveFactors} protective factors gives {band}";
        if (floorApplies && band < RiskBand.High)
        {
            return new Result(RiskBand.High, $"{explanation}; raised to High because capacity is {inputs.CapacityToChange} and wishes are {inputs.Wishes}");
        }

        return new Result(band, explanation);
    }

    public static void Validate(Violations v, RiskInputs? inputs)
    {
        if (inputs is null)
        {
            v.Add("inputs", "is required");
            return;
        }

        v.RequireEnum(inputs.RiskFactors, "inputs.risk_factors");
        v.RequireEnum(inputs.ProtectiveFactors, "inputs.protective_factors");
        v.RequireEnum(inputs.CapacityToChange, "inputs.capacity_to_change");
        v.RequireEnum(inputs.Wishes, "inputs.wishes");
    }
}
