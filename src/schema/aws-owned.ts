import type { GatewayContext } from '../context';
import type { ArnKey } from '../loaders';
import { isAwsOwner } from '../resources/arn';
import type { ResourceModel } from '../resources/registry-schema';
import { WORKFLOW } from '../resources/registry';
import type { WorkflowDetails } from '../upstream/imagebuilder/shapes';
import type { ResourceRef } from './resource-ref';
import { accountFor } from './where';

/**
 * Where Image Builder describes a workflow: as the account its ARN names, or as the gateway's own
 * for one AWS manages (account `aws`), which every account may read.
 */
export async function workflowKey(context: GatewayContext, ref: ResourceRef): Promise<ArnKey> {
  return { accountId: isAwsOwner(ref.accountId) ? await accountFor(context, undefined) : ref.accountId, region: ref.region, arn: ref.arn };
}

/** A workflow as GetWorkflow describes it, under Cloud Control's property names, so the Workflow type's fields read it as they read a model. */
const workflowModel = (ref: ResourceRef, details: WorkflowDetails): ResourceModel =>
  Object.fromEntries(
    Object.entries({
      Arn: ref.arn,
      Name: details.name,
      Version: details.version,
      Type: details.type,
      Description: details.description,
      ChangeDescription: details.changeDescription,
    }).filter(([, value]) => value !== null),
  );

/** Whether the resource is AWS's (a workflow AWS manages): one Cloud Control cannot read. */
export const isAwsOwned = (ref: ResourceRef): boolean => ref.type.awsOwned === true && isAwsOwner(ref.accountId);

/**
 * What AWS owns is not a resource of any account, so Cloud Control cannot read it. A workflow AWS
 * manages is Image Builder's to describe (GetWorkflow, once per request and shared by the read
 * cache), which says more than its ARN: the version its `x.x.x` stands for now, and what it does.
 * For a resource `isAwsOwned` says is AWS's; null when Image Builder does not know it.
 */
export async function awsOwnedModel(context: GatewayContext, ref: ResourceRef): Promise<ResourceModel | null> {
  if (ref.type !== WORKFLOW) return null;
  const details = await context.loaders.workflows.load(await workflowKey(context, ref));
  return details ? workflowModel(ref, details) : null;
}
