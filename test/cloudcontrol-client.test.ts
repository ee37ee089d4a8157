import { Registry } from 'prom-client';
import { CloudControl } from '../src/cloudcontrol/cloud-control';
import { translateError } from '../src/cloudcontrol/errors';
import { createCloudControlMetrics } from '../src/cloudcontrol/metrics';

describe('the Cloud Control client layer', () => {
  it('creates one SDK client per region, on first use, and reuses it', () => {
    const cloudControl = new CloudControl({ endpoint: 'http://127.0.0.1:9', timeoutMs: 1000, maxAttempts: 1, metrics: createCloudControlMetrics(new Registry()) });
    const east = cloudControl.client('us-east-1');
    expect(cloudControl.client('us-east-1')).toBe(east);
    expect(cloudControl.client('eu-west-1')).not.toBe(east);
    cloudControl.destroy();
  });

  describe('translates SDK failures into the gateway codes', () => {
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
      const translated = translateError(error, 'GetResource', 'us-east-1', false, 1000);
      expect(translated.code).toBe(code);
      expect(translated.message).toMatch(/^(Cloud Control GetResource in us-east-1|The gateway's AWS identity|AWS rejected)/);
    });

    it('names the permissions a denied call needs, and carries the request id', () => {
      const denied = sdkError('AccessDeniedException', 400, 'client');
      const translated = translateError(denied, 'UpdateResource', 'eu-west-1', false, 1000, 'AWS::ImageBuilder::ImagePipeline');
      expect(translated.details).toMatchObject({ awsRequestId: 'req-1', awsErrorName: 'AccessDeniedException' });
      expect(translated.details.requiredPermissions).toEqual(expect.arrayContaining(['cloudformation:UpdateResource', 'imagebuilder:UpdateImagePipeline', 'iam:PassRole']));
      // Each type's own read handler permissions, from its schema.
      expect(translateError(denied, 'GetResource', 'eu-west-1', false, 1000, 'AWS::ImageBuilder::ContainerRecipe').details.requiredPermissions).toEqual([
        'cloudformation:GetResource',
        'imagebuilder:GetContainerRecipe',
        'kms:Decrypt',
      ]);
    });

    it('reports its own timeout as the call bound', () => {
      const translated = translateError(Object.assign(new Error('aborted'), { name: 'AbortError' }), 'ListResources', 'us-east-1', true, 2500);
      expect(translated).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', message: 'Cloud Control ListResources in us-east-1 did not answer within 2500 ms.' });
    });
  });
});
