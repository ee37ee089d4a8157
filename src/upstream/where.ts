/** Where an upstream call is made: as which AWS account, in which region. */
export interface Where {
  accountId: string;
  region: string;
}

/** The AWS APIs the gateway calls, by the names it labels and logs them with. */
export type Service = 'cloudcontrol' | 'imagebuilder' | 'sts';

export const SERVICE_NAMES: Record<Service, string> = { cloudcontrol: 'Cloud Control', imagebuilder: 'Image Builder', sts: 'STS' };
