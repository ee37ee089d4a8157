import { translateError, type FailedCall } from '../src/upstream/errors';
import type { Service } from '../src/upstream/where';

const call = (service: Service, operation: string, extra: Partial<FailedCall> = {}): FailedCall => ({
  service,
  operation,
  where: { accountId: '123456789012', region: 'us-east-1' },
  timedOut: false,
  timeoutMs: 1000,
  ...extra,
});

describe('the upstream layer translates SDK failures into the gateway codes', () => {
  const sdkError = (name: string, status: number, fault: 'client' | 'server', message = 'details') =>
    Object.assign(new Error(message), { name, $fault: fault, $metadata: { httpStatusCode: status, requestId: 'req-1' } });

  it.each([
    [sdkError('ThrottlingException', 429, 'client'), 'THROTTLED'],
    [sdkError('AccessDeniedException', 400, 'client'), 'FORBIDDEN'],
    [sdkError('ExpiredTokenException', 400, 'client'), 'UPSTREAM_CREDENTIALS'],
    [sdkError('ServiceInternalErrorException', 502, 'server'), 'UPSTREAM_UNAVAILABLE'],
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }), 'UPSTREAM_UNAVAILABLE'],
    [new Error('AWS SDK error wrapper for Error: read ECONNRESET'), 'UPSTREAM_UNAVAILABLE'],
    [sdkError('InvalidRequestException', 400, 'client', 'Model validation failed'), 'UPSTREAM_REJECTED'],
    [sdkError('ResourceNotFoundException', 404, 'client'), 'NOT_FOUND'],
    [new TypeError('x is not a function'), 'INTERNAL_SERVER_ERROR'],
  ])('%s → %s', (error, code) => {
    const translated = translateError(error, call('cloudcontrol', 'GetResource'));
    expect(translated.code).toBe(code);
    expect(translated.message).toMatch(/^(Cloud Control GetResource in us-east-1|The gateway's AWS identity|AWS rejected)/);
  });

  it.each([
    [sdkError('CallRateLimitExceededException', 429, 'client'), 'THROTTLED'],
    [sdkError('ForbiddenException', 403, 'client'), 'FORBIDDEN'],
    [sdkError('ServiceUnavailableException', 503, 'server'), 'UPSTREAM_UNAVAILABLE'],
    [sdkError('IdempotentParameterMismatchException', 400, 'client'), 'UPSTREAM_REJECTED'],
  ])("Image Builder's own errors: %s → %s", (error, code) => {
    expect(translateError(error, call('imagebuilder', 'ListImagePipelines')).code).toBe(code);
  });

  it('names the permissions a denied call needs, and carries the request id', () => {
    const denied = sdkError('AccessDeniedException', 400, 'client');
    const translated = translateError(denied, call('cloudcontrol', 'UpdateResource', { typeName: 'AWS::ImageBuilder::ImagePipeline' }));
    expect(translated.details).toMatchObject({ awsRequestId: 'req-1', awsErrorName: 'AccessDeniedException' });
    expect(translated.details.requiredPermissions).toEqual(expect.arrayContaining(['cloudformation:UpdateResource', 'imagebuilder:UpdateImagePipeline', 'iam:PassRole']));
    // Each type's own read handler permissions, from its schema.
    expect(translateError(denied, call('cloudcontrol', 'GetResource', { typeName: 'AWS::ImageBuilder::ContainerRecipe' })).details.requiredPermissions).toEqual([
      'cloudformation:GetResource',
      'imagebuilder:GetContainerRecipe',
      'kms:Decrypt',
    ]);
    // Image Builder's own API: its action.
    expect(translateError(sdkError('ForbiddenException', 403, 'client'), call('imagebuilder', 'ListImagePipelineImages')).details.requiredPermissions).toEqual([
      'imagebuilder:ListImagePipelineImages',
    ]);
  });

  it('reports its own timeout as the call bound', () => {
    const translated = translateError(Object.assign(new Error('aborted'), { name: 'AbortError' }), call('cloudcontrol', 'ListResources', { timedOut: true, timeoutMs: 2500 }));
    expect(translated).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', message: 'Cloud Control ListResources in us-east-1 did not answer within 2500 ms.' });
  });
});
