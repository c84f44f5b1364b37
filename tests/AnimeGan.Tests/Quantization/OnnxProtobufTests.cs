using AnimeGan.Imaging;
using AnimeGan.Inference;
using AnimeGan.Quantization;
using Google.Protobuf;
using Onnx;
using AttributeType = Onnx.AttributeProto.Types.AttributeType;

namespace AnimeGan.Tests.Quantization;

/// <summary>The ONNX classes generated from onnx.proto, as the quantizer uses them: nothing in a model is lost on the way through.</summary>
public class OnnxProtobufTests : TemporaryFolder
{
    [Fact]
    public void TheHayaoModelRoundTripsByteForByteAndTheCopyRunsTheSame()
    {
        var original = File.ReadAllBytes(TestData.HayaoModel);

        var model = ModelProto.Parse(original);
        var written = model.ToByteArray();

        Assert.Equal(356, model.Graph.Node.Count);
        Assert.Equal(17, model.DefaultOpset);
        Assert.Equal(25, model.Graph.Node.Count(n => n.Is("Conv")));
        Assert.True(original.AsSpan().SequenceEqual(written), "re-serialised bytes differ from the file");

        var copy = Path.Combine(Folder, "copy.onnx");
        File.WriteAllBytes(copy, written);
        using var fromFile = new ImageModel(TestData.HayaoModel);
        using var fromCopy = new ImageModel(copy);
        var photo = Photo(128);
        Assert.Equal(fromFile.Run(photo).Data, fromCopy.Run(photo).Data);
    }

    /// <summary>Every other shared model (other converters and opsets, the tf2onnx NHWC file as published) too.</summary>
    [Theory]
    [InlineData("animeganv3_cute.onnx")]
    [InlineData("animeganv3_cute_nhwc.onnx")]
    [InlineData("animeganv3_hayao_36.onnx")]
    [InlineData("animeganv3_shinkai_37.onnx")]
    [InlineData("blazeface_front.onnx")]
    [InlineData("esrgan_medium_x2.onnx")]
    [InlineData("esrgan_medium_x4.onnx")]
    [InlineData("esrgan_slim_x2.onnx")]
    [InlineData("esrgan_slim_x4.onnx")]
    [InlineData("face_mesh.onnx")]
    [InlineData("ultraface_rfb_320.onnx")]
    [InlineData("ultraface_rfb_640.onnx")]
    [InlineData("whitebox_cartoon.onnx")]
    public void SharedModelsRoundTripByteForByte(string file)
    {
        var original = File.ReadAllBytes(Path.Combine(TestData.Models, file));

        var written = ModelProto.Parse(original).ToByteArray();

        Assert.True(original.AsSpan().SequenceEqual(written), $"re-serialised bytes of {file} differ from the file");
    }

    [Fact]
    public void TheQdqRewriteKeepsFunctionsTrainingInfoMetadataAndOpsetImports()
    {
        var model = ModelProto.Load(TestData.HayaoModel);
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "com.example", Version = 1 });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "author", Value = "someone" });
        model.Functions.Add(new FunctionProto
        {
            Name = "Twice", Domain = "com.example", Input = { "a" }, Output = { "b" },
            Node = { NodeProto.Create("Add", "twice_add", ["a", "a"], ["b"]) },
        });
        model.TrainingInfo.Add(new TrainingInfoProto
        {
            Algorithm = new GraphProto { Name = "step" },
            UpdateBinding = { new StringStringEntryProto { Key = "w", Value = "w_next" } },
        });
        var original = ModelProto.Parse(model.ToByteArray());
        var convolutions = QdqRewriter.QuantizableConvolutions(model.Graph);
        var ranges = QdqRewriter.ActivationsOf(convolutions).ToDictionary(t => t, _ => new ActivationRange(-1, 1));

        QdqRewriter.Rewrite(model, convolutions, ranges);
        model.SetMetadata(GeneratorQuantizer.CalibrationKey, "test");
        var again = ModelProto.Parse(model.ToByteArray());

        Assert.Equal(original.OpsetImport, again.OpsetImport);
        Assert.Equal(original.Functions, again.Functions);
        Assert.Equal(original.TrainingInfo, again.TrainingInfo);
        Assert.Equal("someone", again.Metadata("author"));
        Assert.Equal("test", again.Metadata(GeneratorQuantizer.CalibrationKey));
        Assert.Equal(original.IrVersion, again.IrVersion);
        Assert.Equal(original.ProducerName, again.ProducerName);
        Assert.Equal(25, again.Graph.Node.Count(n => n.Is("Conv") && n.Input[1].EndsWith("_dequantized")));
    }

    /// <summary>Fields onnx.proto 1.12 does not have (a newer ONNX's, say) are kept as unknown fields and written back.</summary>
    [Fact]
    public void FieldsTheSchemaDoesNotKnowSurviveAnEdit()
    {
        var model = ModelProto.Parse(HandWrittenModel());

        Assert.Equal(9, model.IrVersion);
        var node = Assert.Single(model.Graph.Node);
        Assert.Equal([1L, 2L, 3L], node.FindAttribute("axes")!.Ints); // written packed, read all the same
        node.Name = "renamed";
        var again = ModelProto.Parse(model.ToByteArray());

        Assert.Equal("renamed", again.Graph.Node[0].Name);
        Assert.Equal([1L, 2L, 3L], again.Graph.Node[0].FindAttribute("axes")!.Ints);
        Assert.True(again.ToByteArray().AsSpan().IndexOf("kept as it came"u8) >= 0, "the unknown field was dropped");
        Assert.Equal(42UL, ReadUnknownVarint(again.Graph.Node[0].ToByteArray(), 99));
    }

    [Fact]
    public void SomethingThatIsNotAModelIsAClearError()
    {
        var error = Assert.Throws<InvalidDataException>(() => ModelProto.Parse("not a model at all, just text"u8.ToArray()));

        Assert.Contains("not an ONNX model", error.Message);
    }

    internal static PixelBuffer Photo(int side)
    {
        using var photo = new ImageCodec().Decode(TestData.Image("scene_2.jpg"));
        return photo.ReadColour(side, side);
    }

    /// <summary>ModelProto{ir_version 9, graph{ node{ op ReduceMean, attribute axes (ints packed), field 99 = 42 }, field 77 = "kept as it came" } }.</summary>
    private static byte[] HandWrittenModel()
    {
        var attribute = Message(output =>
        {
            output.WriteTag(1, WireFormat.WireType.LengthDelimited);
            output.WriteString("axes");
            output.WriteTag(8, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(1, 2, 3));
            output.WriteTag(20, WireFormat.WireType.Varint);
            output.WriteInt32((int)AttributeType.Ints);
        });
        var node = Message(output =>
        {
            output.WriteTag(1, WireFormat.WireType.LengthDelimited);
            output.WriteString("x");
            output.WriteTag(2, WireFormat.WireType.LengthDelimited);
            output.WriteString("y");
            output.WriteTag(4, WireFormat.WireType.LengthDelimited);
            output.WriteString("ReduceMean");
            output.WriteTag(5, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(attribute));
            output.WriteTag(99, WireFormat.WireType.Varint);
            output.WriteUInt64(42);
        });
        var graph = Message(output =>
        {
            output.WriteTag(1, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(node));
            output.WriteTag(77, WireFormat.WireType.LengthDelimited);
            output.WriteString("kept as it came");
        });
        return Message(output =>
        {
            output.WriteTag(1, WireFormat.WireType.Varint);
            output.WriteInt64(9);
            output.WriteTag(7, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(graph));
        });
    }

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        using var memory = new MemoryStream();
        var output = new CodedOutputStream(memory);
        write(output);
        output.Flush();
        return memory.ToArray();
    }

    private static ulong? ReadUnknownVarint(byte[] message, int field)
    {
        var input = new CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == field) return input.ReadUInt64();
            input.SkipLastField();
        }
        return null;
    }
}
