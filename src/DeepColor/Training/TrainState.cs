namespace DeepColor.Training;

/// <summary>Where a run is: saved with every checkpoint, restored on resume.</summary>
public sealed record TrainState
{
    /// <summary>Optimiser steps taken so far.</summary>
    public long Step { get; init; }

    /// <summary>Epoch of the next batch.</summary>
    public int Epoch { get; init; }

    /// <summary>Index within <see cref="Epoch"/> of the next batch.</summary>
    public int BatchInEpoch { get; init; }

    public double LearningRate { get; init; }

    /// <summary>Product of the reduce-on-plateau halvings so far.</summary>
    public double PlateauFactor { get; init; } = 1.0;
    public double BestValLoss { get; init; } = double.PositiveInfinity;
    public long BestStep { get; init; }
    public int ValidationsWithoutImprovement { get; init; }
    public double WallSeconds { get; init; }
    public long ImagesSeen { get; init; }
}
