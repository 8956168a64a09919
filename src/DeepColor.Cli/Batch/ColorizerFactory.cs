using DeepColor.Inference;

namespace DeepColor.Cli.Batch;

/// <summary>How commands obtain a colorizer; tests pass one that builds a fake model.</summary>
internal delegate Colorizer ColorizerFactory(string model, ColorizerOptions options);
