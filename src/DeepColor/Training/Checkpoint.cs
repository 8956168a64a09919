using System.Text;
using System.Text.Json;
using TorchSharp;

namespace DeepColor.Training;

/// <summary>
/// A resumable snapshot: run state (JSON), model weights and optimiser moments in one file, written
/// to a temporary name and renamed, so a crash at any moment leaves the previous checkpoint intact.
/// </summary>
public static class Checkpoint
{
    private static readonly byte[] Magic = "DCKP"u8.ToArray();
    private const int Version = 1;

    public static void Save(string path, TrainState state, torch.nn.Module model, TorchSharp.Modules.OptimizerHelper optimizer)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string temp = path + "." + Environment.ProcessId + ".tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Magic);
                writer.Write(Version);
                writer.Write(JsonSerializer.Serialize(state, JsonOptions));
                model.save(writer);
                optimizer.save_state_dict(writer);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Restores model and optimiser in place and returns the run state.</summary>
    public static TrainState Load(string path, torch.nn.Module model, TorchSharp.Modules.OptimizerHelper? optimizer)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            throw new InvalidDataException($"{path}: not a DeepColor checkpoint");
        int version = reader.ReadInt32();
        if (version != Version) throw new InvalidDataException($"{path}: checkpoint version {version} is not supported (expected {Version})");
        var state = JsonSerializer.Deserialize<TrainState>(reader.ReadString(), JsonOptions)
            ?? throw new InvalidDataException($"{path}: empty run state");
        model.load(reader);
        optimizer?.load_state_dict(reader);
        return state;
    }

    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = false,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
