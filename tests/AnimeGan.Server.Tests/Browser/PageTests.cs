using System.Text;
using AnimeGan.Server.Tests.Api;
using AnimeGan.Tests.Looks;
using Microsoft.Playwright;
using static AnimeGan.Server.Tests.Api.Requests;

namespace AnimeGan.Server.Tests.Browser;

/// <summary>The page in a real browser against the real server: what a person does with it, step by step.</summary>
[Collection(ServerCollection.Name)]
public class PageTests(ServerFixture server, BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private static readonly float Timeout = 90_000;
    private IBrowserContext _context = null!;
    private IPage _page = null!;
    private readonly List<string> _consoleErrors = [];

    public async Task InitializeAsync()
    {
        _context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.Server.Address.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            AcceptDownloads = true,
        });
        _context.SetDefaultTimeout(Timeout);
        _page = await _context.NewPageAsync();
        _page.Console += (_, message) =>
        {
            if (message.Type == "error") _consoleErrors.Add(message.Text);
        };
        await OpenAsync(_page);
    }

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private static async Task OpenAsync(IPage page)
    {
        await page.GotoAsync("/");
        await page.WaitForSelectorAsync("body[data-ready='true']");
        // The suite converts small: the working-size slider is the page's own option panel at work.
        await page.FillAsync("#option-size", "256");
    }

    [Fact]
    public async Task AnUploadedPhotoConvertsComparesAndDownloads()
    {
        await _page.SetInputFilesAsync("#file-input", TestData.Image("scene_2.jpg"));
        var card = _page.Locator(".card").First;
        Assert.Equal("ready", await card.GetAttributeAsync("data-state"));
        await _page.ClickAsync("#convert");
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("desktop-progress.png") });

        await _page.Locator(".card[data-state='done']").WaitForAsync();
        Assert.Equal("100", await card.Locator(".progress").GetAttributeAsync("aria-valuenow"));
        Assert.True(await card.Locator("img.after").EvaluateAsync<int>("img => img.naturalWidth") > 0);
        Assert.True(await card.Locator("img.before").EvaluateAsync<int>("img => img.naturalWidth") > 0);

        // The comparison slider: keyboard and pointer both move the divide between before and after.
        var range = card.Locator(".compare-range");
        var clip = card.Locator(".before-layer");
        var clipAtStart = await clip.EvaluateAsync<string>("e => getComputedStyle(e).clipPath");
        await range.FocusAsync();
        for (var i = 0; i < 20; i++) await _page.Keyboard.PressAsync("ArrowLeft");
        Assert.Equal("30", await range.InputValueAsync());
        var clipAfterKeys = await clip.EvaluateAsync<string>("e => getComputedStyle(e).clipPath");
        Assert.NotEqual(clipAtStart, clipAfterKeys);
        var box = (await card.Locator(".compare").BoundingBoxAsync())!;
        await _page.Mouse.ClickAsync(box.X + box.Width * 0.8f, box.Y + box.Height / 2);
        Assert.InRange(int.Parse(await range.InputValueAsync()), 75, 85);
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("desktop-result.png"), FullPage = true });

        var download = await _page.RunAndWaitForDownloadAsync(() => card.Locator(".download").ClickAsync());
        Assert.Equal("scene_2_hayao.jpg", download.SuggestedFilename);
        var picture = Requests.Decode(await File.ReadAllBytesAsync((await download.PathAsync())!));
        Assert.Equal(256, Math.Max(picture.Width, picture.Height));
        Assert.Empty(_consoleErrors);
    }

    [Fact]
    public async Task APresetSetsTheControlsAndASampleConvertsWithOneClick()
    {
        await _page.ClickAsync(".preset:text-is('shinkai-grade')");
        Assert.True(await _page.IsCheckedAsync("#option-grade-shinkai"));
        Assert.Equal("0.5", await _page.InputValueAsync("#option-glow"));
        Assert.Equal("true", await _page.GetAttributeAsync(".preset:text-is('shinkai-grade')", "aria-pressed"));
        await _page.FillAsync("#option-size", "256");
        Assert.Equal("false", await _page.GetAttributeAsync(".preset:text-is('shinkai-grade')", "aria-pressed"));

        await _page.ClickAsync("#samples li:first-child .sample");

        var card = _page.Locator(".card").First;
        await _page.Locator(".card[data-state='done']").First.WaitForAsync();
        Assert.Equal("face_1.jpg", await card.Locator(".name").TextContentAsync());
        Assert.True(await card.Locator("img.after").EvaluateAsync<int>("img => img.naturalWidth") > 0);
        Assert.Empty(_consoleErrors);
    }

    [Fact]
    public async Task EveryStyleShowsItsPreviewAndLicenceAndPaintsAPictureOfItsOwn()
    {
        var cards = _page.Locator(".style-card");
        Assert.Equal(5, await cards.CountAsync());
        for (var i = 0; i < 5; i++)
        {
            var style = cards.Nth(i);
            var preview = style.Locator("img.style-art");
            await preview.ScrollIntoViewIfNeededAsync();
            await _page.WaitForFunctionAsync("img => img.complete && img.naturalWidth > 0", await preview.ElementHandleAsync());
            Assert.Matches("non-commercial|CC BY-NC-SA", await style.Locator(".style-licence").TextContentAsync());

            await style.ClickAsync();
            await _page.SetInputFilesAsync("#file-input", TestData.Image("face_9.jpg"));
            await _page.ClickAsync("#convert");
            await _page.Locator(".card[data-state='done']").Nth(i).WaitForAsync();
        }
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("desktop-five-styles.png"), FullPage = true });

        var pictures = new List<AnimeGan.Imaging.PixelBuffer>();
        foreach (var after in await _page.Locator(".card img.after").AllAsync())
            pictures.Add(Requests.Pixels(await (await _page.APIRequest.GetAsync((await after.GetAttributeAsync("src"))!)).BodyAsync()));
        Assert.Equal(5, pictures.Count);
        for (var a = 0; a < pictures.Count; a++)
        for (var b = a + 1; b < pictures.Count; b++)
            Assert.True(Requests.MeanAbsoluteDifference(pictures[a], pictures[b]) > 3, $"styles {a} and {b} painted alike");
        Assert.Empty(_consoleErrors);
    }

    [Fact]
    public async Task TheHdChoiceGivesAPictureOfExactlyTwiceTheWorkingSize()
    {
        await _page.ClickAsync("summary:text-is('HD')");
        await _page.ClickAsync("label[for='option-upscale-2']");
        Assert.True(await _page.IsCheckedAsync("#option-upscale-2"));
        Assert.Contains("s for ×2", await _page.TextContentAsync("label[for='option-upscaleModel-slim']"));
        await _page.ClickAsync("summary:text-is('Faces')");
        await _page.UncheckAsync("#option-faces");

        await _page.SetInputFilesAsync("#file-input", TestData.Image("face_9.jpg"));
        await _page.ClickAsync("#convert");
        await _page.Locator(".card[data-state='done']").WaitForAsync();

        var after = await _page.Locator(".card img.after").GetAttributeAsync("src");
        var picture = Requests.Decode(await (await _page.APIRequest.GetAsync(after!)).BodyAsync());
        // face_9 (248×256) is painted at 248×256 at the suite's 256 px, then enlarged twice.
        Assert.Equal((496, 512), (picture.Width, picture.Height));
        Assert.Empty(_consoleErrors);
    }

    [Fact]
    public async Task AClipShowsFrameProgressThenPlaysBesideItsOriginalAndDownloadsAsMp4()
    {
        using var clips = new AnimeGan.Tests.Video.TestClips();
        await _page.Locator(".style-card:has(input[value='cute'])").ClickAsync();
        await _page.SetInputFilesAsync("#file-input", clips.Pan);
        Assert.Equal("Convert 1 clip", await _page.InnerTextAsync("#convert"));
        Assert.True(await _page.IsVisibleAsync("summary:text-is('Video')"));
        await _page.ClickAsync("#convert");

        var card = _page.Locator(".card.clip");
        await card.Locator(".status", new() { HasTextRegex = new System.Text.RegularExpressions.Regex(@"^Painting frame \d+ of 36 · about \d+ s left$") }).WaitForAsync();
        await _page.Locator(".card.clip[data-state='done']").WaitForAsync();
        Assert.Matches(@"^Done · 256×144 · 36 frames", await card.Locator(".status").TextContentAsync());

        // Both clips play, the original following the painted one.
        var after = card.Locator("video.after");
        await _page.WaitForFunctionAsync("() => document.querySelector('.card.clip video.after').currentTime > 0.5");
        var (afterTime, beforeTime) = (await after.EvaluateAsync<double>("v => v.currentTime"),
            await card.Locator("video.before").EvaluateAsync<double>("v => v.currentTime"));
        Assert.InRange(beforeTime, afterTime - 0.5, afterTime + 0.5);
        await card.Locator(".playback").ClickAsync();
        Assert.True(await after.EvaluateAsync<bool>("v => v.paused"));
        // The original follows on the painted clip's 'pause' event, which the browser queues.
        await _page.WaitForFunctionAsync("() => document.querySelector('.card.clip video.before').paused");
        Assert.Equal("Play", await card.Locator(".playback").InnerTextAsync());
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("desktop-clip.png") });

        var download = await _page.RunAndWaitForDownloadAsync(() => card.Locator(".download").ClickAsync());
        Assert.Equal("pan_cute.mp4", download.SuggestedFilename);
        var info = await AnimeGan.Video.VideoProbe.ReadAsync(AnimeGan.Video.Ffmpeg.Find(), (await download.PathAsync())!);
        Assert.Equal((256, 144), (info.Width, info.Height));
        Assert.Empty(_consoleErrors);
    }

    [Fact]
    public async Task ANonImageShowsItsErrorInThePage()
    {
        await _page.SetInputFilesAsync("#file-input", new FilePayload
        {
            Name = "shopping-list.jpg",
            MimeType = "image/jpeg",
            Buffer = Requests.NotAnImage(),
        });
        await _page.ClickAsync("#convert");

        var error = _page.Locator(".card[data-state='failed'] .error");
        await error.WaitForAsync();
        Assert.Contains("Not an image", await error.TextContentAsync());
        Assert.Equal("shopping-list.jpg", await _page.Locator(".card[data-state='failed'] .name").TextContentAsync());
        Assert.Equal("alert", await error.GetAttributeAsync("role"));
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("desktop-error.png") });
    }

    [Fact]
    public async Task APhoneWidthScreenHasNoSidewaysScroll()
    {
        var phone = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.Server.Address.ToString(),
            ViewportSize = new ViewportSize { Width = 375, Height = 812 },
            IsMobile = true,
            HasTouch = true,
        });
        phone.SetDefaultTimeout(Timeout);
        try
        {
            var page = await phone.NewPageAsync();
            await OpenAsync(page);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("phone-start.png"), FullPage = true });
            await page.SetInputFilesAsync("#file-input", TestData.Image("group_2.jpg"));
            await page.ClickAsync("#convert");
            await page.Locator(".card[data-state='done']").WaitForAsync();

            var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
            Assert.True(widths[0] <= widths[1], $"the page is {widths[0]} px wide on a {widths[1]} px screen");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("phone-result.png"), FullPage = true });
            await page.Locator(".card").ScrollIntoViewIfNeededAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("phone-result-screen.png") });
        }
        finally
        {
            await phone.DisposeAsync();
        }
    }

    [Fact]
    public async Task EveryControlCanBeReachedAndNamedByKeyboard()
    {
        await _page.ReloadAsync();
        await _page.WaitForSelectorAsync("body[data-ready='true']");
        var named = await _page.EvaluateAsync<string[]>(@"() =>
            [...document.querySelectorAll('input, button, a, select')]
              .filter(e => !e.closest('template') && !e.hidden && !e.closest('[hidden]'))
              .filter(e => !(e.labels?.length || e.getAttribute('aria-label') || e.textContent.trim() || e.getAttribute('aria-labelledby')))
              .map(e => e.outerHTML.slice(0, 80))");
        Assert.Empty(named);

        await _page.Keyboard.PressAsync("Tab");
        Assert.Equal("skip-link", await _page.EvaluateAsync<string>("() => document.activeElement.className"));
        await _page.Keyboard.PressAsync("Tab");
        await _page.Keyboard.PressAsync("Tab");
        Assert.Equal("file-input", await _page.EvaluateAsync<string>("() => document.activeElement.id"));
    }

    [Fact]
    public async Task ALutChosenInThePageColoursTheResultAndCanBeCleared()
    {
        await _page.ClickAsync("summary:text-is('Look')");
        await _page.SetInputFilesAsync("#option-lut", new FilePayload
        {
            Name = "swap.cube", MimeType = "application/octet-stream", Buffer = Encoding.ASCII.GetBytes(CubeText.SwapRedBlue()),
        });
        Assert.Equal("swap.cube", await _page.TextContentAsync("#option-lut-name"));
        await _page.SetInputFilesAsync("#file-input", TestData.Image("face_1.jpg"));
        await _page.ClickAsync("#convert");

        var card = _page.Locator(".card[data-state='done']");
        await card.WaitForAsync();
        Assert.True(await card.Locator("img.after").EvaluateAsync<int>("img => img.naturalWidth") > 0);
        // Red and blue came back swapped against the same conversion without the LUT: the LUT went with the photo.
        var result = MeanColour(await server.Server.Client.GetByteArrayAsync(await card.Locator("img.after").GetAttributeAsync("src")));
        var plain = await server.Server.Client.PostAsync("/api/convert", Form(Small(), ("face.jpg", Photo("face_1.jpg"))));
        var unswapped = MeanColour(await plain.Content.ReadAsByteArrayAsync());
        Assert.True(Math.Abs(unswapped[0] - unswapped[2]) > 5, "red and blue are too close to tell a swap");
        Assert.InRange(result[0] - unswapped[2], -3, 3);
        Assert.InRange(result[2] - unswapped[0], -3, 3);
        await _page.Locator("#option-lut").ScrollIntoViewIfNeededAsync();
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("desktop-lut.png") });

        await _page.ClickAsync("[aria-label='Clear the lut (.cube)']");
        Assert.Equal("None chosen", await _page.TextContentAsync("#option-lut-name"));
        Assert.Empty(_consoleErrors);
    }

    [Fact]
    public async Task ABrokenLutShowsItsErrorInThePageBesideThePicker()
    {
        await _page.ClickAsync("summary:text-is('Look')");
        await _page.SetInputFilesAsync("#option-lut", new FilePayload
        {
            Name = "broken.cube", MimeType = "application/octet-stream", Buffer = "LUT_3D_SIZE 2\n0 0 0\n0 0\n"u8.ToArray(),
        });
        await _page.SetInputFilesAsync("#file-input", TestData.Image("face_2.jpg"));
        await _page.ClickAsync("#convert");

        var error = _page.Locator(".card[data-state='failed'] .error");
        await error.WaitForAsync();
        Assert.Contains("broken.cube line 3", await error.TextContentAsync());
        var fieldError = _page.Locator("#option-lut-error");
        Assert.True(await fieldError.IsVisibleAsync());
        Assert.Contains("broken.cube line 3: expected three numbers", await fieldError.TextContentAsync());
        Assert.Equal("alert", await fieldError.GetAttributeAsync("role"));
        Assert.True(await _page.IsVisibleAsync(".card[data-state='failed'] .redo")); // the photo was fine: fix the LUT and go again
        await fieldError.ScrollIntoViewIfNeededAsync();
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("desktop-lut-error.png") });
    }

    [Fact]
    public async Task TheOperatorsPresetIsAChipThatShowsItsLutByName()
    {
        var chip = _page.Locator($".preset:text-is('{ServerFixture.OperatorPreset}')");
        await chip.ClickAsync();

        Assert.Equal("true", await chip.GetAttributeAsync("aria-pressed"));
        Assert.Equal(ServerFixture.OperatorLut, await _page.TextContentAsync("#option-lut-name"));
        Assert.Equal($"from {ServerFixture.OperatorPreset}", await _page.TextContentAsync("#option-lut-source"));
        Assert.True(await _page.IsVisibleAsync("#option-lut-name")); // the preset opened the Look group to show it
        await _page.Locator("#option-lut-name").ScrollIntoViewIfNeededAsync();
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("desktop-operator-preset.png") });
    }

    private static string Shot(string name) => Path.Combine(BrowserFixture.Screenshots, name);
}
