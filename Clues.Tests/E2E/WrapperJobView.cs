namespace Clues.Tests.E2E;

/// <summary>The fields of a docker-wrapper <c>/jobs/list</c> entry the E2E tests read.</summary>
internal sealed record WrapperJobView(string Id, string Status, string? Node);
