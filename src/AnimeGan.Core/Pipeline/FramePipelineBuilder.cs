using AnimeGan.Faces;
using AnimeGan.Inference;
using AnimeGan.Models;
using AnimeGan.Pipeline.Steps;

namespace AnimeGan.Pipeline;

/// <summary>
/// Makes the <see cref="FramePipeline"/> that settings call for, loading every model it needs from the
/// <see cref="ModelStore"/> now, so that a missing or unknown model is reported before any picture is read.
/// </summary>
public sealed class FramePipelineBuilder(ModelStore models, ModelPrecision precision = ModelPrecision.Fp32)
{
    public ModelStore Models => models;

    public ModelPrecision Precision => precision;

    /// <param name="settings">Checked here.</param>
    /// <param name="generator">A model that paints instead of the settings' style (the CLI's --model FILE).</param>
    /// <param name="forClip">The frames of one clip, in order: faces are steadied, and the motion when the settings say so.</param>
    public FramePipeline Build(ConversionSettings settings, ImageModel? generator = null, bool forClip = false)
    {
        settings.Validate();
        var style = generator is null ? settings.Style ?? models.DefaultStyle : Path.GetFileNameWithoutExtension(generator.ModelPath);
        generator ??= models.GetGenerator(style, precision);
        var stages = new List<IFrameStage> { new StylizeStage(generator, settings.Look.Tta) };
        if (settings.Faces.Enabled) stages.Add(FaceStage(settings.Faces, generator, forClip ? new FaceSmoother() : null));
        if (settings.Look.ChangesPixels) stages.Add(new LookStage(settings.Look));
        if (forClip && settings.Video.Stabilize) stages.Add(new StabilizeStage());
        if (settings.Upscale > 1)
            stages.Add(settings.UpscaleModel == LanczosMethod
                ? new UpscaleStage(settings.Upscale)
                : new UpscaleStage(models.GetImageModel(UpscalerName(settings), ModelKind.Upscaler)));
        if (settings.KeepSize) stages.Add(new FitToPhotoStage(onlyToShrink: settings.Upscale > 1));
        return new FramePipeline(settings, style, generator.Contract.SizeMultiple, stages);
    }

    /// <summary>The HD method that resamples instead of running a model.</summary>
    public const string LanczosMethod = "lanczos";

    /// <summary>The registered upscaler for the settings' model and factor: "esrgan-slim-x2".</summary>
    public static string UpscalerName(ConversionSettings settings) => $"esrgan-{settings.UpscaleModel}-x{settings.Upscale}";

    private FaceStage FaceStage(FaceSettings settings, ImageModel pictureStyle, FaceSmoother? smoother)
    {
        FaceModels faceModels;
        try
        {
            faceModels = models.GetFaceModels();
        }
        catch (ModelNotFoundException e)
        {
            throw new ModelNotFoundException($"{e.Message}{Environment.NewLine}Face protection needs this model; install it, or convert without face protection (--no-faces).");
        }
        return new FaceStage(new FacePainter(faceModels), FaceStyle(settings, pictureStyle), settings, smoother);
    }

    private ImageModel FaceStyle(FaceSettings settings, ImageModel pictureStyle)
    {
        if (settings.Style is null) return pictureStyle;
        try
        {
            return models.GetGenerator(settings.Style, precision);
        }
        catch (UnknownModelException e)
        {
            throw new UnknownModelException($"face style: {e.Message}");
        }
        catch (ModelNotFoundException e)
        {
            throw new ModelNotFoundException($"face style: {e.Message}");
        }
    }
}
