namespace DeepColor.Training;

/// <summary>How a call to <see cref="Trainer.Fit"/> ended.</summary>
public sealed record TrainResult(RunFolder Run, TrainState State, string StopReason, bool Succeeded);
