using AnimeGan.Inference;

namespace AnimeGan.Faces;

/// <summary>The face detector and landmarker sessions, built together once and shared (owned by the model store).</summary>
public sealed class FaceModels : IDisposable
{
    /// <summary>Registry names of the models face protection runs on.</summary>
    public const string DetectorName = "ultraface-640", LandmarkerName = "face-mesh";

    public FaceModels(string detectorPath, string landmarkerPath, InferenceSettings settings)
    {
        Detector = new FaceDetector(detectorPath, settings);
        try
        {
            Landmarker = new FaceLandmarker(landmarkerPath, settings);
        }
        catch
        {
            Detector.Dispose();
            throw;
        }
    }

    public FaceDetector Detector { get; }
    public FaceLandmarker Landmarker { get; }

    public void Dispose()
    {
        Detector.Dispose();
        Landmarker.Dispose();
    }
}
