namespace Parley.Benchmarks.Generator;

/// <summary>
/// Marks a benchmark class whose figures are also printed at the 95th percentile (<c>name-p95 value unit</c>), next to
/// the median line every benchmark gets.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ReportP95Attribute : Attribute
{
}
