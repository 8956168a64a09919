namespace DeepColor.Training;

/// <summary>A progress report from <see cref="Trainer"/>; the CLI renders it, the library never prints.</summary>
public sealed record TrainProgress(string Phase, long Step, long TotalSteps, int Epoch, double Loss, double ImagesPerSecond, double LoaderWaitShare);
