import { GatewayError } from '../errors';

/**
 * The hard bound on the Cloud Control reads one request makes (MAX_UPSTREAM_KEYS). The estimate
 * made before execution (plugins/upstream-estimate.ts) refuses costly queries outright, but it
 * has to assume how many rows a list page holds, which the service does not promise; this counts
 * the reads themselves, so a service that pages smaller than assumed cannot stretch the bound.
 */
export class UpstreamBudget {
  private spent = 0;

  constructor(private readonly max: number) {}

  /** Counts one read, or refuses it (that field fails with LIMIT_EXCEEDED) once the budget is spent. */
  spend(operation: string, region: string): void {
    if (this.spent >= this.max) {
      throw new GatewayError(
        'LIMIT_EXCEEDED',
        `This request has made the ${this.max} Cloud Control calls one request may make (MAX_UPSTREAM_KEYS), so ${operation} in ${region} was not made. ` +
          'Ask for fewer pipelines, smaller pages, or fewer fields on listed pipelines.',
        { limit: 'MAX_UPSTREAM_KEYS', value: this.max },
      );
    }
    this.spent++;
  }
}
