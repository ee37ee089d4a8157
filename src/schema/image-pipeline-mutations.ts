import { builder } from '../builder';
import type { GatewayContext } from '../context';
import { regionForArn } from '../resources/arn';
import { changesToOperations, checkChanges } from '../resources/changes';
import { pipelineNameInArn, pipelineNameOfArn } from '../resources/image-pipeline';
import { applyOperations, checkPatchOperation, type PatchOperation } from '../resources/patch';
import { IMAGE_PIPELINE } from '../resources/registry';
import { validateModel } from '../resources/validation';
import { ImagePipeline } from './image-pipeline';
import { CreateImagePipelineInput, DeleteImagePipelineInput, UpdateImagePipelineInput } from './image-pipeline-inputs';
import { type FieldProblem, PipelineNotFound, ValidationFailed, WRITE_ERRORS } from './mutation-errors';
import { pipelineGlobalID, PipelineRef } from './pipeline-ref';
import { inputToModel, withFields } from './pipeline-input';
import { assertAllowedRegion, parseCallerArn, resolveRegion } from './regions';
import { accountFor } from './where';
import { ResourceRequest } from './resource-request';
import { clientTokenOf, type Send, submitWrite, WRITES_IN_TURN, type WriteResult } from './writes';

builder.mutationType({ description: 'Writes: each returns its result or the expected reason it was not made, and takes a clientToken that makes it safe to retry.' });

export const ImagePipelineWritePayload = builder.objectRef<WriteResult>('ImagePipelineWritePayload').implement({
  description: 'A write Cloud Control accepted.',
  fields: (t) => ({
    // Not `id`: Relay keys every record by its `id`, so a payload with the pipeline's id would
    // overwrite the pipeline's own record.
    imagePipelineId: t.globalID({
      nullable: true,
      description:
        "The pipeline's id, as lists and node(id:) give it, so a client cache can find the pipeline this write changes. " +
        'Null only for a create Cloud Control has not yet named (its request has no identifier yet).',
      resolve: (result) => pipelineGlobalID(result.request.identifier ?? result.target.arn),
    }),
    deletedId: t.globalID({
      nullable: true,
      description:
        "Deletes only: the deleted pipeline's id, equal to its id in lists, for Relay's @deleteEdge and cache eviction. " +
        'Set once Cloud Control has taken the delete (the pipeline leaves lists when its request succeeds: at once with wait: true); null for other writes.',
      resolve: ({ request, target }) => (request.operation === 'DELETE' && !request.status.startsWith('CANCEL') ? pipelineGlobalID(request.identifier ?? target.arn) : null),
    }),
    request: t.field({ type: ResourceRequest, description: 'The asynchronous request; follow it with resourceRequest.', resolve: (result) => result.request }),
    clientToken: t.exposeString('clientToken', { description: 'The client token the request was made with; repeat it to retry this mutation safely.' }),
    imagePipeline: t.field({
      type: ImagePipeline,
      nullable: true,
      description: 'The pipeline as it now is, once the request has succeeded; null while it is in progress, and after a delete.',
      resolve: async ({ request }, _args, context) => {
        if (request.status !== 'SUCCESS' || request.operation === 'DELETE' || !request.identifier) return null;
        const ref = PipelineRef.fromListed(request.identifier, request.region);
        return (await context.loaders.resources.load(ref.key)) ? ref : null;
      },
    }),
  }),
});

/** The pipeline a write names, and the region to send it to; bad input goes no further. */
function targetOf(context: GatewayContext, input: { arn: string; region?: string | null }) {
  const arn = parseCallerArn(context, input.arn, IMAGE_PIPELINE, 'input.arn');
  return { arn, region: assertAllowedRegion(context, regionForArn(arn, input.region, IMAGE_PIPELINE.noun)) };
}

const refuseIf = (problems: FieldProblem[]) => {
  if (problems.length > 0) throw new ValidationFailed(problems);
};

function toOperation(input: { op: string; path: string; value?: unknown; from?: string | null }): PatchOperation {
  return {
    op: input.op,
    path: input.path,
    ...(input.value !== undefined ? { value: input.value } : {}),
    ...(input.from !== undefined && input.from !== null ? { from: input.from } : {}),
  } as PatchOperation;
}

builder.mutationField('createImagePipeline', (t) =>
  t.field({
    type: ImagePipelineWritePayload,
    description: 'Creates a pipeline (CreateResource). The input is checked against the resource schema before anything is sent.',
    errors: { types: WRITE_ERRORS, directResult: true, union: { name: 'CreateImagePipelineResult', description: 'The accepted write, or the expected reason it was not made.' } },
    args: { input: t.arg({ type: CreateImagePipelineInput, required: true, description: 'The pipeline to create.' }) },
    extensions: WRITES_IN_TURN,
    resolve: (_root, { input }, context, info) =>
      submitWrite(context, String(info.path.key), () => {
        const { region: regionArg, accountId, clientToken: tokenArg, wait, ...properties } = input;
        const region = resolveRegion(context, regionArg);
        const clientToken = clientTokenOf(tokenArg);
        const { model, problems } = inputToModel(properties, '');
        refuseIf([...problems, ...withFields(validateModel(model, 'api'), '')]);
        const pipeline = `${accountId ?? context.accounts.ownAccountIdNow ?? 'own'}/${pipelineNameInArn(String(model.Name))}`;
        return {
          write: { operation: 'CREATE', region, arn: null, pipeline, clientToken, wait: wait ?? false },
          prepare: async () => {
            const where = { accountId: await accountFor(context, accountId), region };
            return (token) => context.cloudControl.createResource(where, IMAGE_PIPELINE.typeName, model, token);
          },
        };
      }),
  }),
);

builder.mutationField('updateImagePipeline', (t) =>
  t.field({
    type: ImagePipelineWritePayload,
    description:
      'Changes a pipeline (UpdateResource) with typed changes, raw RFC 6902 operations, or both, sent as one patch document. ' +
      'Everything is checked against the resource schema before anything is sent.',
    errors: { types: WRITE_ERRORS, directResult: true, union: { name: 'UpdateImagePipelineResult', description: 'The accepted write, or the expected reason it was not made.' } },
    args: { input: t.arg({ type: UpdateImagePipelineInput, required: true, description: 'The pipeline and what to change.' }) },
    extensions: WRITES_IN_TURN,
    resolve: (_root, { input }, context, info) =>
      submitWrite(context, String(info.path.key), () => {
        const { arn, region } = targetOf(context, input);
        const clientToken = clientTokenOf(input.clientToken);
        const rawOperations = (input.patchOperations ?? []).map(toOperation);
        if (!input.changes && rawOperations.length === 0) {
          refuseIf([{ path: '', field: 'changes', rule: 'required', message: 'give changes, patchOperations or both' }]);
        }
        const { model: changes, problems } = inputToModel(input.changes ?? {}, 'changes.');
        refuseIf([
          ...problems,
          ...withFields(checkChanges(changes), 'changes.'),
          ...rawOperations.flatMap((operation, index) =>
            checkPatchOperation(operation, index).map((problem) => ({ ...problem, field: `patchOperations[${index}]` })),
          ),
        ]);
        const changeOperations = changesToOperations(changes);
        const operations = [...changeOperations, ...rawOperations];
        if (operations.length === 0) {
          refuseIf([{ path: '', field: 'changes', rule: 'required', message: 'changes and patchOperations are both empty: there is nothing to change' }]);
        }
        return {
          write: { operation: 'UPDATE', region, arn: arn.arn, pipeline: `${arn.accountId}/${pipelineNameOfArn(arn.arn)}`, clientToken, wait: input.wait ?? false },
          prepare: async (): Promise<Send> => {
            // The result must be a valid pipeline too (one recipe, nothing required removed, paths that
            // exist), which takes the current model: one read, shared with the rest of the request, and
            // made in the write's turn, after the request's earlier writes to this pipeline.
            // Changes apply first (they always can); raw operations then, so their indexes are the caller's.
            const current = await context.loaders.resources.load(new PipelineRef(arn, region).key);
            if (!current) throw new PipelineNotFound(arn.arn, region);
            const applied = applyOperations(applyOperations(current, changeOperations).model!, rawOperations);
            const stateProblems = applied.problem
              ? [{ ...applied.problem, field: `patchOperations[${applied.index}]` }]
              : withFields(validateModel(applied.model!, 'api'), 'changes.').map((problem) => ({
                  ...problem,
                  // Only a property the typed changes set has an input field to point at.
                  field: changes[problem.path.split('/')[1] ?? ''] !== undefined ? problem.field : null,
                }));
            // A retry of a write this gateway sent may no longer apply to the pipeline it already
            // changed (a removed path is gone). Cloud Control answers a repeated client token with the
            // original request, so an identical retry goes out unchecked against the current state.
            const where = { accountId: arn.accountId, region };
            const retry = input.clientToken != null && context.cloudControl.hasSent(where, clientToken, 'UpdateResource', arn.arn, operations);
            if (!retry) refuseIf(stateProblems);
            return (token) => context.cloudControl.updateResource(where, IMAGE_PIPELINE.typeName, arn.arn, operations, token);
          },
        };
      }),
  }),
);

builder.mutationField('deleteImagePipeline', (t) =>
  t.field({
    type: ImagePipelineWritePayload,
    description: 'Deletes a pipeline (DeleteResource). A pipeline that does not exist fails the request with NotFound.',
    errors: { types: WRITE_ERRORS, directResult: true, union: { name: 'DeleteImagePipelineResult', description: 'The accepted write, or the expected reason it was not made.' } },
    args: { input: t.arg({ type: DeleteImagePipelineInput, required: true, description: 'The pipeline to delete.' }) },
    extensions: WRITES_IN_TURN,
    resolve: (_root, { input }, context, info) =>
      submitWrite(context, String(info.path.key), () => {
        const { arn, region } = targetOf(context, input);
        return {
          write: { operation: 'DELETE', region, arn: arn.arn, pipeline: `${arn.accountId}/${pipelineNameOfArn(arn.arn)}`, clientToken: clientTokenOf(input.clientToken), wait: input.wait ?? false },
          prepare: () => (token) => context.cloudControl.deleteResource({ accountId: arn.accountId, region }, IMAGE_PIPELINE.typeName, arn.arn, token),
        };
      }),
  }),
);
