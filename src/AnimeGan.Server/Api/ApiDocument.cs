using System.Globalization;
using System.Text.Json;
using AnimeGan.Options;
using AnimeGan.Server.Forms;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace AnimeGan.Server.Api;

/// <summary>
/// Marks an endpoint that reads a conversion form (<see cref="ConversionRequestReader"/>) itself, so its
/// document can describe the form: with <paramref name="Uploads"/>, the files it converts; without, the
/// new finish of a converted photo, which takes only the options that come after painting.
/// </summary>
internal sealed record ReadsConversionForm(string? Uploads);

/// <summary>
/// The OpenAPI document (/openapi/v1.json), generated from the endpoints, and its interactive reference
/// at /docs. The conversion endpoints read their multipart form by hand, so the generator cannot see
/// its fields: <see cref="DescribeForm"/> writes them in from the option schema, the same list the
/// page's panel and the CLI are made from.
/// </summary>
internal static class ApiDocument
{
    public const string ReferencePath = "/docs";
    public const string DocumentPath = "/openapi/v1.json";

    public static void AddApiDocument(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "AnimeGAN HTTP API",
                    Version = "v1",
                    Description = "Photos and clips in, anime paintings out. POST /api/jobs, follow GET /api/jobs/{id} (or its events), " +
                                  "fetch each result or all of them as one ZIP. Errors are RFC 7807 problems.",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var form = context.Description.ActionDescriptor.EndpointMetadata.OfType<ReadsConversionForm>().SingleOrDefault();
                if (form is not null) DescribeForm(operation, form, context.ApplicationServices.GetRequiredService<ConversionForm>());
                return Task.CompletedTask;
            });
        });

    public static void MapApiDocument(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath);
        app.MapScalarApiReference(ReferencePath, reference => reference
            .WithTitle("AnimeGAN HTTP API")
            .WithOpenApiRoutePattern(DocumentPath)
            .DisableDefaultFonts()); // the fonts would come from Scalar's servers; this page stays on this one
    }

    private static void DescribeForm(OpenApiOperation operation, ReadsConversionForm form, ConversionForm options)
    {
        var fields = new Dictionary<string, IOpenApiSchema>();
        if (form.Uploads is not null)
        {
            fields[ConversionRequestReader.ImageField] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
                Description = $"{form.Uploads} to convert, one file each (any file field that is no option's counts)",
            };
            fields[ConversionRequestReader.SampleField] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String },
                Description = "names from GET /api/samples, converted as if uploaded",
            };
        }
        fields[ConversionRequestReader.PresetField] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = form.Uploads is null
                ? "a preset from GET /api/styles: its look; options given as well win"
                : "a preset from GET /api/styles: its style and look; options given as well win, and results are named after it unless a style is given",
        };
        foreach (var option in options.Describe().Where(o => form.Uploads is not null || o.Refinishes)) fields[option.Name] = Schema(option);
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = form.Uploads is not null,
            Description = form.Uploads is null
                ? "multipart/form-data: the options a converted photo takes without being painted again (the look, HD, size, format); one left out keeps its value"
                : "multipart/form-data: the files and the options of GET /api/options; an option left out takes its default",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["multipart/form-data"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Object, Properties = fields } },
            },
        };
    }

    private static OpenApiSchema Schema(OptionDescription option)
    {
        var schema = new OpenApiSchema
        {
            Title = option.Label,
            Description = $"{option.Group}: {option.Help}{(option.Unit is null ? "" : $" ({option.Unit})")}",
            Default = option.Type == "file" ? null : JsonSerializer.SerializeToNode(option.Default),
        };
        switch (option.Type)
        {
            case "integer" or "number":
                schema.Type = option.Type == "integer" ? JsonSchemaType.Integer : JsonSchemaType.Number;
                schema.Minimum = option.Min?.ToString(CultureInfo.InvariantCulture);
                schema.Maximum = option.Max?.ToString(CultureInfo.InvariantCulture);
                break;
            case "boolean":
                schema.Type = JsonSchemaType.Boolean;
                break;
            case "file":
                schema.Type = JsonSchemaType.String;
                schema.Format = "binary";
                break;
            default:
                schema.Type = JsonSchemaType.String;
                schema.Enum = option.Choices?.Select(choice => (System.Text.Json.Nodes.JsonNode)choice.Value).ToList();
                break;
        }
        return schema;
    }
}
