namespace DeepColor.Model.Extractors;

/// <summary>Order of the colour channels an extractor expects.</summary>
public enum ChannelOrder
{
    Rgb,
    Bgr,
}
