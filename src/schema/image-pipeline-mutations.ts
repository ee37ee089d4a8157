import { builder } from '../builder';
import type { GatewayContext } from '../context';
import { parsePipelineArn, pipelineNameInArn, regionForArn } from '../resource/arn';
import { changesToOperations, checkChanges } from '../resource/changes';
import { IMAGE_PIPELINE_TYPE } from '../resource/image-pipeline-type';
import { applyOperations, checkPatchOperation, type PatchOperation } from '../resource/patch';
import { validateModel } from '../resource/validation';
import { ImagePipeline } from './image-pipeline';
import { CreateImagePipelineInput, DeleteImagePipelineInput, UpdateImagePipelineInput } from './image-pipeline-inputs';
import { type FieldProblem, PipelineNotFound, ValidationFailed, WRITE_ERRORS } from './mutation-errors';
import { PipelineRef } from './pipeline-ref';
import { inputToModel, withFields } from './pipeline-input';
import { assertAllowedRegion, resolveRegion } from './regions';
import { ResourceRequest } from './resource-request';
import { clientTokenOf, type Send, submitWrite, WRITES_IN_TURN, type WriteResult } from './writes';

builder.mutationType({});

export const ImagePipelineWritePayload = builder.objectRef<WriteResult>('ImagePipelineWritePayload').implement({
  description: 'A write Cloud Control accepted.',
  fields: (t) => ({
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
  const arn = parsePipelineArn(input.arn, 'input.arn');
  return { arn, region: assertAllowedRegion(context, regionForArn(arn, input.region)) };
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
    errors: { types: WRITE_ERRORS, directResult: true, union: { name: 'CreateImagePipelineResult' } },
    args: { input: t.arg({ type: CreateImagePipelineInput, required: true }) },
    extensions: WRITES_IN_TURN,
    resolve: (_root, { input }, context, info) =>
      submitWrite(context, String(info.path.key), () => {
        const { region: regionArg, clientToken: tokenArg, wait, ...properties } = input;
        const region = resolveRegion(context, regionArg);
        const clientToken = clientTokenOf(tokenArg);
        const { model, problems } = inputToModel(properties, '');
        refuseIf([...problems, ...withFields(validateModel(model, 'api'), '')]);
        return {
          write: { operation: 'CREATE', region, arn: null, pipeline: pipelineNameInArn(String(model.Name)), clientToken, wait: wait ?? false },
          prepare: () => (token) => context.cloudControl.createResource(region, IMAGE_PIPELINE_TYPE, model, token),
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
    errors: { types: WRITE_ERRORS, directResult: true, union: { name: 'UpdateImagePipelineResult' } },
    args: { input: t.arg({ type: UpdateImagePipelineInput, required: true }) },
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
          write: { operation: 'UPDATE', region, arn: arn.arn, pipeline: arn.name, clientToken, wait: input.wait ?? false },
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
            const retry = input.clientToken != null && context.cloudControl.hasSent(region, clientToken, 'UpdateResource', arn.arn, operations);
            if (!retry) refuseIf(stateProblems);
            return (token) => context.cloudControl.updateResource(region, IMAGE_PIPELINE_TYPE, arn.arn, operations, token);
          },
        };
      }),
  }),
);

builder.mutationField('deleteImagePipeline', (t) =>
  t.field({
    type: ImagePipelineWritePayload,
    description: 'Deletes a pipeline (DeleteResource). A pipeline that does not exist fails the request with NotFound.',
    errors: { types: WRITE_ERRORS, directResult: true, union: { name: 'DeleteImagePipelineResult' } },
    args: { input: t.arg({ type: DeleteImagePipelineInput, required: true }) },
    extensions: WRITES_IN_TURN,
    resolve: (_root, { input }, context, info) =>
      submitWrite(context, String(info.path.key), () => {
        const { arn, region } = targetOf(context, input);
        return {
          write: { operation: 'DELETE', region, arn: arn.arn, pipeline: arn.name, clientToken: clientTokenOf(input.clientToken), wait: input.wait ?? false },
          prepare: () => (token) => context.cloudControl.deleteResource(region, IMAGE_PIPELINE_TYPE, arn.arn, token),
        };
      }),
  }),
);
