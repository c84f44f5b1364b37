using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace AnimeGan.Server.Tests.Browser;

/// <summary>axe (Deque's rules, WCAG 2.x A and AA) on the page in each state a person sees it in: nothing serious or critical.</summary>
[Collection(ServerCollection.Name)]
public class AccessibilityTests(ServerFixture server, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly AxeRunOptions Rules = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
        ResultTypes = [ResultType.Violations],
    };

    [Fact]
    public async Task TheMainStatesAtDesktopWidthHaveNoSeriousViolations()
    {
        await using var context = await NewContextAsync(new ViewportSize { Width = 1366, Height = 900 }, phone: false);
        var page = await OpenAsync(context);
        var found = new List<string>();
        await CheckAsync(page, "empty", found);

        await page.EvaluateAsync("() => document.querySelectorAll('details').forEach(d => d.open = true)");
        await CheckAsync(page, "options open", found);

        await page.SetInputFilesAsync("#file-input", TestData.Image("scene_1.jpg"));
        await page.Locator(".card[data-state='ready']").WaitForAsync();
        await CheckAsync(page, "files chosen", found);

        await page.FillAsync("#option-size", "1024"); // long enough to be looked at while it converts
        await page.ClickAsync("#convert");
        await CheckAsync(page, "converting", found);

        await page.Locator(".card[data-state='done']").WaitForAsync();
        await CheckAsync(page, "done", found);

        await page.SetInputFilesAsync("#file-input", new FilePayload { Name = "notes.jpg", MimeType = "image/jpeg", Buffer = "not a photo"u8.ToArray() });
        await page.Locator(".card[data-state='failed']").WaitForAsync();
        await CheckAsync(page, "error", found);

        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    [Fact]
    public async Task APhoneWidthScreenHasNoSeriousViolations()
    {
        await using var context = await NewContextAsync(new ViewportSize { Width = 390, Height = 844 }, phone: true);
        var page = await OpenAsync(context);
        var found = new List<string>();
        await CheckAsync(page, "phone", found);
        await page.SetInputFilesAsync("#file-input", TestData.Image("face_9.jpg"));
        await page.Locator(".card[data-state='ready']").WaitForAsync();
        await CheckAsync(page, "phone, files chosen", found);
        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    private async Task<IBrowserContext> NewContextAsync(ViewportSize viewport, bool phone)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.Server.Address.ToString(), ViewportSize = viewport, IsMobile = phone, HasTouch = phone,
        });
        context.SetDefaultTimeout(90_000);
        return context;
    }

    private static async Task<IPage> OpenAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.WaitForSelectorAsync("body[data-ready='true']");
        await page.FillAsync("#option-size", "256");
        return page;
    }

    private static async Task CheckAsync(IPage page, string state, List<string> found)
    {
        var result = await page.RunAxe(Rules);
        found.AddRange(result.Violations
            .Where(violation => violation.Impact is "serious" or "critical")
            .Select(violation => $"{state}: {violation.Id} ({violation.Impact}) at {string.Join(", ", violation.Nodes.Select(n => n.Target.ToString()))}: {violation.Help}"));
    }
}
