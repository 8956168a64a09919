namespace DeepColor.Training;

/// <summary>Plots training and validation loss against step (ScottPlot) from metrics.jsonl.</summary>
public static class LossCurve
{
    public static void Write(string metricsPath, string pngPath)
    {
        var train = MetricsLog.Read(metricsPath, "train", "loss");
        var val = MetricsLog.Read(metricsPath, "val", "loss");
        if (train.Count == 0 && val.Count == 0) return;
        var plot = new ScottPlot.Plot();
        if (train.Count > 0)
        {
            var s = plot.Add.Scatter(train.Select(p => (double)p.Step).ToArray(), train.Select(p => p.Value).ToArray());
            s.LegendText = "train";
            s.MarkerSize = 0;
        }
        if (val.Count > 0)
        {
            var s = plot.Add.Scatter(val.Select(p => (double)p.Step).ToArray(), val.Select(p => p.Value).ToArray());
            s.LegendText = "validation";
        }
        plot.XLabel("step");
        plot.YLabel("loss");
        plot.ShowLegend();
        string temp = pngPath + ".tmp.png";
        plot.SavePng(temp, 800, 450);
        File.Move(temp, pngPath, overwrite: true);
    }
}
