namespace DeepColor.Tests.Evaluation;

/// <summary>A fact that needs ../shared; xunit 2 has no runtime skip, so the skip is decided when the attribute is built.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (SharedData.Root is null) Skip = SharedData.AbsentMessage;
    }
}
