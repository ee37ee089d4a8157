import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { type Stack, startStack } from '../support/stack';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('GraphiQL in a browser', () => {
  let stack: Stack;
  let browser: Browser;
  beforeAll(async () => {
    stack = await startStack({ env: { GRAPHIQL: 'true' } });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('opens with the dashboard query, which runs and shows the demo pipelines with their health and recipes', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const offsite: string[] = [];
    page.on('request', (request) => {
      const url = request.url().replace(/^blob:/, '');
      if (!url.startsWith(stack.origin) && !url.startsWith('data:')) offsite.push(request.url());
    });
    await page.goto(stack.url);
    const editor = page.locator('.graphiql-query-editor');
    await editor.waitFor();
    expect(await editor.innerText()).toMatch(/query\sDashboard/); // the editor renders spaces as no-break spaces

    const answered = page.waitForResponse((response) => response.url().startsWith(stack.url) && response.request().method() === 'POST' && response.request().postData()?.includes('Dashboard') === true);
    await page.locator('.graphiql-execute-button').click();
    const body = (await (await answered).json()) as { data: Record<string, { nodes: Record<string, any>[] }>; errors?: unknown };
    expect(body.errors).toBeUndefined();
    const golden = body.data.imagePipelines!.nodes.find((node) => node.name === 'amazon-linux-2023-golden');
    expect(golden).toMatchObject({ lastRunStatus: expect.any(String), imageRecipe: { name: 'al2023-golden' }, infrastructureConfiguration: { name: 'standard-build-fleet' } });
    expect(body.data.payments!.nodes.map((node) => node.name)).toContain('payments-api-golden');
    await page.locator('.graphiql-response').getByText('"amazon-linux-2023-golden"').first().waitFor();
    // Kept outside the source tree, for a person to look at after a failure.
    await page.screenshot({ path: join(tmpdir(), 'image-pipeline-gateway-graphiql.png') });
    // Everything the page loaded came from the gateway itself.
    expect(offsite).toEqual([]);
  });
});
