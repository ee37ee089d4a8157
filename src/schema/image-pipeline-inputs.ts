import { builder } from '../builder';
import { IMAGE_PIPELINE } from '../resources/registry';
import { declaredEnum } from './resource-fields';

// The inputs take the same values as the pipeline's fields.
const ImagePipelineStatus = declaredEnum(IMAGE_PIPELINE, ['status']);
const PipelineExecutionStartCondition = declaredEnum(IMAGE_PIPELINE, ['schedule', 'pipelineExecutionStartCondition']);
const WorkflowOnFailure = declaredEnum(IMAGE_PIPELINE, ['workflows', 'onFailure']);

const d = (...path: string[]) => IMAGE_PIPELINE.schema.describe(path);
const describeDefinition = (name: string) => IMAGE_PIPELINE.schema.describeDefinition(name);

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;
type InputFields = PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>;

export const TagInput = builder.inputType('TagInput', {
  description: 'A tag to set. A list of tags replaces the whole tag map; keys must be unique.',
  fields: (t) => ({
    key: t.string({ required: true, description: 'The tag key: 1–128 characters, not starting with aws:.' }),
    value: t.string({ required: true, description: 'The tag value: up to 256 characters.' }),
  }),
});

export const ImageTestsConfigurationInput = builder.inputType('ImageTestsConfigurationInput', {
  description: describeDefinition('ImageTestsConfiguration'),
  fields: (t) => ({
    imageTestsEnabled: t.boolean({ description: d('ImageTestsConfiguration', 'ImageTestsEnabled') }),
    timeoutMinutes: t.int({ description: `${d('ImageTestsConfiguration', 'TimeoutMinutes')} 60 to 1440.` }),
  }),
});

export const AutoDisablePolicyInput = builder.inputType('AutoDisablePolicyInput', {
  description: describeDefinition('AutoDisablePolicy'),
  fields: (t) => ({ failureCount: t.int({ required: true, description: `${d('Schedule', 'AutoDisablePolicy', 'FailureCount')} 1 to 10.` }) }),
});

export const ScheduleInput = builder.inputType('ScheduleInput', {
  description: describeDefinition('Schedule'),
  fields: (t) => ({
    scheduleExpression: t.string({ description: `${d('Schedule', 'ScheduleExpression')} For example cron(0 6 ? * MON *).` }),
    pipelineExecutionStartCondition: t.field({ type: PipelineExecutionStartCondition, description: d('Schedule', 'PipelineExecutionStartCondition') }),
    timezone: t.string({ description: d('Schedule', 'Timezone') }),
    autoDisablePolicy: t.field({ type: AutoDisablePolicyInput, description: d('Schedule', 'AutoDisablePolicy') }),
  }),
});

export const WorkflowParameterInput = builder.inputType('WorkflowParameterInput', {
  description: describeDefinition('WorkflowParameter'),
  fields: (t) => ({
    name: t.string({ required: true, description: 'The name of the workflow parameter.' }),
    value: t.stringList({ required: true, description: describeDefinition('WorkflowParameterValue') }),
  }),
});

export const WorkflowConfigurationInput = builder.inputType('WorkflowConfigurationInput', {
  description: describeDefinition('WorkflowConfiguration'),
  fields: (t) => ({
    workflowArn: t.string({ required: true, description: d('Workflows', '*', 'WorkflowArn') }),
    parameters: t.field({ type: [WorkflowParameterInput], description: d('Workflows', '*', 'Parameters') }),
    parallelGroup: t.string({ description: d('Workflows', '*', 'ParallelGroup') }),
    onFailure: t.field({ type: WorkflowOnFailure, description: d('Workflows', '*', 'OnFailure') }),
  }),
});

export const EcrConfigurationInput = builder.inputType('EcrConfigurationInput', {
  description: describeDefinition('EcrConfiguration'),
  fields: (t) => ({
    repositoryName: t.string({ description: d('ImageScanningConfiguration', 'EcrConfiguration', 'RepositoryName') }),
    containerTags: t.stringList({ description: d('ImageScanningConfiguration', 'EcrConfiguration', 'ContainerTags') }),
  }),
});

export const ImageScanningConfigurationInput = builder.inputType('ImageScanningConfigurationInput', {
  description: describeDefinition('ImageScanningConfiguration'),
  fields: (t) => ({
    imageScanningEnabled: t.boolean({ description: d('ImageScanningConfiguration', 'ImageScanningEnabled') }),
    ecrConfiguration: t.field({ type: EcrConfigurationInput, description: d('ImageScanningConfiguration', 'EcrConfiguration') }),
  }),
});

export const PipelineLoggingConfigurationInput = builder.inputType('PipelineLoggingConfigurationInput', {
  description: describeDefinition('PipelineLoggingConfiguration'),
  fields: (t) => ({
    imageLogGroupName: t.string({ description: d('LoggingConfiguration', 'ImageLogGroupName') }),
    pipelineLogGroupName: t.string({ description: d('LoggingConfiguration', 'PipelineLogGroupName') }),
  }),
});

/** The properties a pipeline can be given, shared by create (all) and update (all but Name). */
const updatableFields = (t: InputFields) => ({
  description: t.string({ description: d('Description') }),
  status: t.field({ type: ImagePipelineStatus, description: d('Status') }),
  imageRecipeArn: t.string({ description: `${d('ImageRecipeArn')} Exactly one of imageRecipeArn and containerRecipeArn.` }),
  containerRecipeArn: t.string({ description: `${d('ContainerRecipeArn')} Exactly one of imageRecipeArn and containerRecipeArn.` }),
  infrastructureConfigurationArn: t.string({ description: d('InfrastructureConfigurationArn') }),
  distributionConfigurationArn: t.string({ description: d('DistributionConfigurationArn') }),
  imageTestsConfiguration: t.field({ type: ImageTestsConfigurationInput, description: d('ImageTestsConfiguration') }),
  schedule: t.field({ type: ScheduleInput, description: d('Schedule') }),
  workflows: t.field({ type: [WorkflowConfigurationInput], description: d('Workflows') }),
  enhancedImageMetadataEnabled: t.boolean({ description: d('EnhancedImageMetadataEnabled') }),
  imageScanningConfiguration: t.field({ type: ImageScanningConfigurationInput, description: d('ImageScanningConfiguration') }),
  executionRole: t.string({ description: d('ExecutionRole') }),
  loggingConfiguration: t.field({ type: PipelineLoggingConfigurationInput, description: d('LoggingConfiguration') }),
  tags: t.field({ type: [TagInput], description: d('Tags') }),
  imageTags: t.field({ type: [TagInput], description: d('ImageTags') }),
});

export const ImagePipelineChangesInput = builder.inputType('ImagePipelineChangesInput', {
  description:
    'Properties to change. Each one given replaces that property whole (nested objects and lists included); null removes it; ' +
    'omitted ones stay as they are. For a change deep inside an object, use patchOperations.',
  fields: (t) => updatableFields(t),
});

export const PatchOperationType = builder.enumType('PatchOperationType', {
  description: 'RFC 6902 operations.',
  values: {
    ADD: { value: 'add', description: 'Set a value: a new member, an array item (at an index, or /- to append), or a replacement of an existing member.' },
    REMOVE: { value: 'remove', description: 'Remove the member or array item at path; it must exist.' },
    REPLACE: { value: 'replace', description: 'Replace the value at path; it must exist.' },
    MOVE: { value: 'move', description: 'Remove the value at from and add it at path.' },
    COPY: { value: 'copy', description: 'Add a copy of the value at from at path.' },
    TEST: { value: 'test', description: 'Check that the value at path equals value; the whole patch fails otherwise.' },
  } as const,
});

export const PatchOperationInput = builder.inputType('PatchOperationInput', {
  description: 'One RFC 6902 JSON Patch operation on the CloudFormation property paths, such as {op: REPLACE, path: "/Schedule/Timezone", value: "Etc/UTC"}.',
  fields: (t) => ({
    op: t.field({ type: PatchOperationType, required: true, description: 'What the operation does.' }),
    path: t.string({ required: true, description: 'A JSON pointer into the CloudFormation model, such as /Tags/team.' }),
    value: t.field({ type: 'JSON', description: 'The value, for ADD, REPLACE and TEST.' }),
    from: t.string({ description: 'The source pointer, for MOVE and COPY.' }),
  }),
});

const writeOptions = (t: InputFields) => ({
  clientToken: t.string({
    description:
      'Makes the mutation safe to retry: Cloud Control applies a request once per token (for 36 hours). 1–128 characters of letters, digits, -, +, / and =. ' +
      'The gateway makes one up when it is omitted and returns it in the payload.',
  }),
  wait: t.boolean({ description: 'Wait for a final status (up to WRITE_WAIT_SECONDS) instead of answering as soon as Cloud Control accepted the request.' }),
});

export const CreateImagePipelineInput = builder.inputType('CreateImagePipelineInput', {
  description: 'A new pipeline: its region, name and properties, checked against the resource schema before anything is sent.',
  fields: (t) => ({
    region: t.string({ description: "The region to create the pipeline in; defaults to the gateway's default region." }),
    accountId: t.string({ description: "The account to create the pipeline in, through ACCOUNT_ROLE_ARN; defaults to the gateway's own." }),
    name: t.string({ required: true, description: `${d('Name')} 3–128 letters, digits, -, _ and inner spaces; it cannot change later.` }),
    ...updatableFields(t),
    infrastructureConfigurationArn: t.string({ required: true, description: d('InfrastructureConfigurationArn') }),
    ...writeOptions(t),
  }),
});

export const UpdateImagePipelineInput = builder.inputType('UpdateImagePipelineInput', {
  description: 'A change to one pipeline: typed changes, raw patch operations, or both.',
  fields: (t) => ({
    arn: t.string({ required: true, description: 'The ARN of the pipeline to change.' }),
    region: t.string({ description: "Defaults to the ARN's region, and must agree with it." }),
    changes: t.field({ type: ImagePipelineChangesInput, description: 'Properties to change, each replaced whole; null removes one.' }),
    patchOperations: t.field({
      type: [PatchOperationInput],
      description: 'Raw RFC 6902 operations, applied after changes, in one patch document.',
    }),
    ...writeOptions(t),
  }),
});

export const DeleteImagePipelineInput = builder.inputType('DeleteImagePipelineInput', {
  description: 'The pipeline to delete.',
  fields: (t) => ({
    arn: t.string({ required: true, description: 'The ARN of the pipeline to delete.' }),
    region: t.string({ description: "Defaults to the ARN's region, and must agree with it." }),
    ...writeOptions(t),
  }),
});

export const CancelResourceRequestInput = builder.inputType('CancelResourceRequestInput', {
  description: 'The request to cancel.',
  fields: (t) => ({
    requestToken: t.string({ required: true, description: 'The request token a mutation returned.' }),
    region: t.string({ required: true, description: 'The region the write was made in.' }),
    accountId: t.string({ description: "The account the write was made in; defaults to the gateway's own." }),
  }),
});
