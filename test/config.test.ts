import { loadConfig } from '../src/config/config';
import { isConfigurationError } from '../src/config/env-values';
import { type Stack, startStack } from './support/stack';

const refusal = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
};

describe('configuration that means nothing is refused', () => {
  it.each([
    [{ MAX_UPSTREAM_KEYS: '0x10' }, /MAX_UPSTREAM_KEYS="0x10" is not valid: expected a whole number from 1 to 10000, in decimal digits/],
    [{ PORT: '4e3' }, /PORT="4e3" is not valid/],
    [{ CACHE_TTL_SECONDS: '0x5' }, /CACHE_TTL_SECONDS="0x5" is not valid: expected 0 \(no cache\) or a number from 0.1 to 3600, in decimal digits with at most one point/],
    [{ CLOUDCONTROL_RATE_PER_SECOND: '1e-7' }, /CLOUDCONTROL_RATE_PER_SECOND="1e-7" is not valid: expected 0 \(learned\) or a number from 0.1 to 10000/],
    [{ CLOUDCONTROL_RATE_PER_SECOND: '0.0000001' }, /CLOUDCONTROL_RATE_PER_SECOND="0.0000001" is not valid/],
    [{ CLOUDCONTROL_RATE_PER_SECOND: 'Infinity' }, /CLOUDCONTROL_RATE_PER_SECOND="Infinity" is not valid/],
    [{ CACHE_TTL_SECONDS: '.5' }, /CACHE_TTL_SECONDS=".5" is not valid/],
    [{ GATEWAY_REGIONS: ',,,' }, /GATEWAY_REGIONS=",,," holds no entries: list at least one, or leave GATEWAY_REGIONS unset for its default/],
    [{ GATEWAY_TOKENS: ' , ' }, /GATEWAY_TOKENS="," holds no entries/],
    [{ CORS_ORIGINS: '*,https://dash.example.com' }, /CORS_ORIGINS holds \* beside other entries: \* alone allows any/],
    [{ CORS_ORIGINS: 'https://dash*.example.com' }, /CORS_ORIGINS holds "https:\/\/dash\*.example.com": a \* may only stand for the leftmost labels of a host/],
    [{ CORS_ORIGINS: 'https://*.com' }, /may only stand for the leftmost labels/],
    [{ CORS_ORIGINS: '*://dash.example.com' }, /may only stand for the leftmost labels/],
    [{ ALLOWED_HOSTS: 'localhost,*' }, /ALLOWED_HOSTS holds \* beside other entries/],
    [{ REDIS_URL: 'http://redis.internal:6379' }, /REDIS_URL="http:\/\/redis.internal:6379" is not valid: expected redis:\/\/\[user:password@\]host/],
    [{ REDIS_URL: 'redis://:hunter2@' }, /REDIS_URL=\(a value with credentials, not shown\) is not valid/],
    [{ GATEWAY_REPLICAS: '3' }, /GATEWAY_REPLICAS is set without REDIS_URL/],
    [{ REDIS_KEY_PREFIX: 'ipg:' }, /REDIS_KEY_PREFIX is set without REDIS_URL/],
    [{ REDIS_URL: 'redis://127.0.0.1', REDIS_KEY_PREFIX: 'ipg prod' }, /REDIS_KEY_PREFIX="ipg prod" is not valid/],
    [{ REDIS_URL: 'redis://127.0.0.1', GATEWAY_REPLICAS: '0' }, /GATEWAY_REPLICAS="0" is not valid/],
    [{ ALLOWED_HOSTS: 'https://gateway.example.com' }, /ALLOWED_HOSTS holds "https:\/\/gateway.example.com", which is not a host name: expected name or name:port/],
    [{ AWS_ENDPOINT_URL: 'localhost:4566' }, /AWS_ENDPOINT_URL="localhost:4566" is not valid: expected an http:\/\/ or https:\/\/ URL with a host/],
    [{ AWS_ENDPOINT_URL_CLOUDCONTROL: 'ftp://127.0.0.1:4566' }, /AWS_ENDPOINT_URL_CLOUDCONTROL="ftp:\/\/127.0.0.1:4566" is not valid/],
    [{ AWS_ENDPOINT_URL_IMAGEBUILDER: 'not a url' }, /AWS_ENDPOINT_URL_IMAGEBUILDER="not a url" is not valid/],
    [{ AWS_ENDPOINT_URL_STS: 'file:///etc/passwd' }, /AWS_ENDPOINT_URL_STS="file:\/\/\/etc\/passwd" is not valid/],
    [{ AWS_ENDPOINT_URL_STS: 'ftp://user:hunter2@proxy' }, /AWS_ENDPOINT_URL_STS=\(a value with credentials, not shown\) is not valid/],
    [{ HEADERS_TIMEOUT_MS: '20000', REQUEST_TIMEOUT_MS: '10000' }, /REQUEST_TIMEOUT_MS=10000 is shorter than HEADERS_TIMEOUT_MS=20000/],
    [{ MAX_CONCURRENT_REQUESTS: '0' }, /MAX_CONCURRENT_REQUESTS="0" is not valid: expected a whole number from 1 to 10000/],
    [{ ADMISSION_QUEUE_MS: '-1' }, /ADMISSION_QUEUE_MS="-1" is not valid: expected a whole number from 0 to 60000/],
    [{ IMAGE_POLL_MS: '5' }, /IMAGE_POLL_MS="5" is not valid: expected a whole number from 10 to 600000/],
    [{ LOG_BUFFER_BYTES: '4096' }, /LOG_BUFFER_BYTES="4096" is not valid: expected a whole number from 65536 to 1073741824/],
  ])('%j', (env, message) => {
    expect(refusal(env)).toMatch(message);
  });

  it('takes decimals and 0 where they mean something', () => {
    const config = loadConfig({ CACHE_TTL_SECONDS: '0', CLOUDCONTROL_RATE_PER_SECOND: '2.5', GATEWAY_REGIONS: 'us-east-1,,eu-west-1,' });
    expect(config.upstream).toMatchObject({ cacheTtlSeconds: 0, ratePerSecond: 2.5 });
    expect(config.allowedRegions).toEqual(['us-east-1', 'eu-west-1']);
    expect(config.subscriptions.imagePollMs).toBe(5000);
    expect(loadConfig({ IMAGE_POLL_MS: '60000' }).subscriptions.imagePollMs).toBe(60_000);
    expect(loadConfig({ AWS_ENDPOINT_URL_CLOUDCONTROL: 'https://cloudcontrolapi.us-east-1.amazonaws.com' }).backend).toBe('local');
  });

  it('serves only loopback names by default when listening on loopback, and any host otherwise', () => {
    for (const host of ['127.0.0.1', '127.0.0.2', 'localhost', '::1']) expect(loadConfig({ HOST: host }).http.allowedHosts).toEqual(['localhost', '127.0.0.1', '[::1]']);
    for (const host of ['0.0.0.0', '::', '10.0.0.7']) expect(loadConfig({ HOST: host }).http.allowedHosts).toEqual(['*']);
    expect(loadConfig({ HOST: '0.0.0.0', ALLOWED_HOSTS: 'Gateway.Example.com:443,[::1]' }).http.allowedHosts).toEqual(['gateway.example.com:443', '[::1]']);
  });

  it("counts the embedded emulator's own configuration errors as configuration errors", () => {
    expect(isConfigurationError(Object.assign(new Error('EMULATOR_PAGE_SIZE="x" is not valid'), { name: 'EmulatorConfigError' }))).toBe(true);
    expect(isConfigurationError(new Error('ECONNREFUSED'))).toBe(false);
  });
});

describe('CORS_ORIGINS patterns', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { CLOUDCONTROL_BACKEND: 'aws', CORS_ORIGINS: 'https://*.example.com,http://dash.internal:8080' } });
  });
  afterAll(() => stack.close());

  const allowedOrigin = async (origin: string) => {
    const response = await fetch(stack.url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
    return response.headers.get('access-control-allow-origin');
  };

  it.each(['https://dash.example.com', 'https://a.b.example.com', 'http://dash.internal:8080'])('allows %s', async (origin) => {
    expect(await allowedOrigin(origin)).toBe(origin);
  });

  it.each(['https://example.com', 'http://dash.example.com', 'https://dash.example.com:8443', 'https://dash.example.com.evil.net', 'https://evilexample.com', 'http://dash.internal', 'null'])(
    'refuses %s',
    async (origin) => {
      expect(await allowedOrigin(origin)).toBeNull();
    },
  );

  it('varies the answer by origin, so a cache never serves one origin the answer for another', async () => {
    const response = await fetch(stack.url, { method: 'OPTIONS', headers: { origin: 'https://dash.example.com', 'access-control-request-method': 'POST' } });
    expect(response.headers.get('vary')).toMatch(/Origin/);
  });
});

describe('Redis settings', () => {
  it('are off by default, and their password never reaches the startup log', () => {
    const { describeConfig } = jest.requireActual<typeof import('../src/config/config')>('../src/config/config');
    expect(loadConfig({}).redis).toBeUndefined();
    const config = loadConfig({ REDIS_URL: 'redis://gateway:s3cret-redis-password@redis.internal:6379/2' });
    expect(config.redis).toEqual({ url: 'redis://gateway:s3cret-redis-password@redis.internal:6379/2', keyPrefix: 'ipg:', commandTimeoutMs: 250, replicas: undefined });
    expect(JSON.stringify(describeConfig(config))).not.toContain('s3cret-redis-password');
    expect(describeConfig(config).redis).toMatchObject({ url: expect.stringContaining('redis.internal:6379/2'), replicas: 'counted in Redis' });
  });
});
