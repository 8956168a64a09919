namespace DeepColor.Data;

/// <summary>
/// One training batch as plain arrays (tensors are made on the training thread, inside its dispose scope).
/// </summary>
/// <param name="Index">Batch number within the epoch.</param>
/// <param name="L">L*/50 − 1, [B,1,S,S].</param>
/// <param name="Ab">a*b*/128, [B,2,S,S].</param>
/// <param name="Labels">Class index per image, −1 when unlabelled.</param>
/// <param name="Embeddings">External-extractor embeddings [B,D], or null.</param>
public sealed record ColorBatch(int Index, int Count, int Size, float[] L, float[] Ab, long[] Labels, float[]? Embeddings, string[] Names);
