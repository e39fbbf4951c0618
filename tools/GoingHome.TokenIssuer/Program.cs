using GoingHome.ServiceDefaults.Auth;

// Usage: token --user sw-1 --name "Sam Social" --roles SW,TM [--teams north,south] [--hours 8] [--key-file .run/signing-key]
// The key comes from --key-file or Auth__SigningKey; it is never in the repo.
var options = ParseArguments(args);
if (!options.TryGetValue("user", out var user) || !options.TryGetValue("roles", out var roleList))
{
    Console.Error.WriteLine("usage: token --user ID --roles SW[,TM...] [--teams T1[,T2...]] [--name NAME] [--hours N] [--key-file PATH]");
    Console.Error.WriteLine($"roles: {string.Join(", ", Roles.All)}");
    return 2;
}

var key = options.TryGetValue("key-file", out var keyFile)
    ? File.ReadAllText(keyFile).Trim()
    : Environment.GetEnvironmentVariable("Auth__SigningKey");
if (string.IsNullOrWhiteSpace(key))
{
    Console.Error.WriteLine("No signing key: pass --key-file (./run.sh writes .run/signing-key) or set Auth__SigningKey.");
    return 2;
}

var roles = roleList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
var unknown = roles.Except(Roles.All).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"Unknown role(s): {string.Join(", ", unknown)}; known: {string.Join(", ", Roles.All)}");
    return 2;
}

var hours = options.TryGetValue("hours", out var h) ? double.Parse(h, System.Globalization.CultureInfo.InvariantCulture) : 8;
var teams = options.GetValueOrDefault("teams", "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
Console.WriteLine(DevelopmentTokens.Mint(key, user, options.GetValueOrDefault("name", user), roles, TimeSpan.FromHours(hours), DateTimeOffset.UtcNow, teams: teams));
return 0;

static Dictionary<string, string> ParseArguments(string[] args)
{
    var parsed = new Dictionary<string, string>();
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        parsed[args[i].TrimStart('-')] = args[i + 1];
    }

    return parsed;
}
