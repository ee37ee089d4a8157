import { type Browser, chromium } from 'playwright-core';
import { type Stack, startStack } from '../support/stack';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const EVERY_FIELD = [
  'id', 'arn', 'accountId', 'region', 'name', 'description', 'status', 'imageRecipeArn', 'containerRecipeArn',
  'infrastructureConfigurationArn', 'distributionConfigurationArn', 'imageTestsConfiguration', 'schedule', 'workflows',
  'enhancedImageMetadataEnabled', 'imageScanningConfiguration', 'executionRole', 'loggingConfiguration', 'tags', 'imageTags', 'deploymentId',
];

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

  it('opens with the demo query, which runs and shows every field of the demo pipeline', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const offsite: string[] = [];
    page.on('request', (request) => {
      const url = request.url().replace(/^blob:/, '');
      if (!url.startsWith(stack.origin) && !url.startsWith('data:')) offsite.push(request.url());
    });
    await page.goto(stack.url);
    const editor = page.locator('.graphiql-query-editor');
    await editor.waitFor();
    expect(await editor.innerText()).toContain('amazon-linux-2023-golden');

    const answered = page.waitForResponse((response) => response.url().startsWith(stack.url) && response.request().method() === 'POST' && response.request().postData()?.includes('DemoPipeline') === true);
    await page.locator('.graphiql-execute-button').click();
    const body = (await (await answered).json()) as { data: { imagePipeline: Record<string, unknown> }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(Object.keys(body.data.imagePipeline).sort()).toEqual([...EVERY_FIELD].sort());
    await page.locator('.graphiql-response').getByText('"amazon-linux-2023-golden"').first().waitFor();
    await page.screenshot({ path: 'test/browser/graphiql.png' });
    // Everything the page loaded came from the gateway itself.
    expect(offsite).toEqual([]);
  });
});
