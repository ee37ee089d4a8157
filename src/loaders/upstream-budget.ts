import { GatewayError } from '../errors';

/**
 * The hard bound on the AWS calls one request makes (MAX_UPSTREAM_KEYS): Cloud Control and Image
 * Builder reads, writes and the status polls of waiting writes. The estimate made before execution
 * (plugins/upstream-estimate.ts) refuses costly queries outright, but it has to assume how many
 * rows a list page holds and how many polls a wait takes, which the service does not promise;
 * this counts the calls themselves, so neither can stretch the bound.
 */
export class UpstreamBudget {
  private spent = 0;

  constructor(private readonly max: number) {}

  /** Counts one call, or refuses it (that field fails with LIMIT_EXCEEDED) once the budget is spent. */
  spend(operation: string, region: string): void {
    if (!this.trySpend()) {
      throw new GatewayError(
        'LIMIT_EXCEEDED',
        `This request has made the ${this.max} AWS calls one request may make (MAX_UPSTREAM_KEYS), so ${operation} in ${region} was not made. ` +
          'Ask for fewer pipelines, smaller pages, or fewer fields on listed pipelines.',
        { limit: 'MAX_UPSTREAM_KEYS', value: this.max },
      );
    }
  }

  /** Counts one call if the budget allows it; false, and nothing counted, once it is spent. */
  trySpend(): boolean {
    if (this.spent >= this.max) return false;
    this.spent++;
    return true;
  }
}
