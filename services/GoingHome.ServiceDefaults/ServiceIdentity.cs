namespace GoingHome.ServiceDefaults;

/// <summary>Which of the suite's services this process is (case, assessment, approvals...), as its records name it.</summary>
public sealed record ServiceIdentity(string Name);
