import { builder } from '../builder';
import { describeDefinition, describeProperty, schemaAt } from '../resource/image-pipeline-type';

/** A nested CloudFormation object as Cloud Control returns it (PascalCase keys). */
export type CfnObject = Record<string, unknown>;

/**
 * An enum's values come from the resource schema; their meanings are not in it, so each value's
 * description is written here, and a value the schema adds without one fails the schema build.
 */
const enumValues = (path: string[], meanings: Record<string, string>) =>
  Object.fromEntries(
    schemaAt(path)!.enum!.map((value) => {
      const description = meanings[value];
      if (!description) throw new Error(`enum value ${value} of /${path.join('/')} has no description`);
      return [value, { description }];
    }),
  );

export const ImagePipelineStatus = builder.enumType('ImagePipelineStatus', {
  description: describeProperty(['Status']),
  values: enumValues(['Status'], {
    ENABLED: 'The pipeline runs on its schedule and can be started on demand.',
    DISABLED: 'The pipeline does not run on its schedule; it keeps its configuration.',
  }),
});

export const PipelineExecutionStartCondition = builder.enumType('PipelineExecutionStartCondition', {
  description: describeProperty(['Schedule', 'PipelineExecutionStartCondition']),
  values: enumValues(['Schedule', 'PipelineExecutionStartCondition'], {
    EXPRESSION_MATCH_ONLY: 'Build at every match of the schedule expression.',
    EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE:
      'Build at a match of the schedule expression only when a newer base image or component version is available (the default).',
  }),
});

export const WorkflowOnFailure = builder.enumType('WorkflowOnFailure', {
  description: describeProperty(['Workflows', '*', 'OnFailure']),
  values: enumValues(['Workflows', '*', 'OnFailure'], {
    ABORT: 'A failure of this workflow stops the build.',
    CONTINUE: 'A failure of this workflow is recorded and the build goes on.',
  }),
});

/** A key and value of a CloudFormation tag map; GraphQL has no map type. */
export const Tag = builder.objectRef<{ key: string; value: string }>('Tag').implement({
  description: 'A tag: one key and its value.',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The tag key.' }),
    value: t.exposeString('value', { description: 'The tag value.' }),
  }),
});

export function tagsOf(map: unknown): { key: string; value: string }[] {
  return Object.entries((map ?? {}) as Record<string, string>).map(([key, value]) => ({ key, value }));
}

/**
 * A nullable field read straight from a nested CloudFormation object: the property at the end of
 * `path`, described by the schema at `path`.
 */
const cfn = (...path: string[]) => ({
  nullable: true as const,
  description: describeProperty(path),
  resolve: (parent: CfnObject) => (parent[path[path.length - 1]!] ?? null) as never,
});

export const ImageTestsConfiguration = builder.objectRef<CfnObject>('ImageTestsConfiguration').implement({
  description: describeDefinition('ImageTestsConfiguration'),
  fields: (t) => ({
    imageTestsEnabled: t.boolean(cfn('ImageTestsConfiguration', 'ImageTestsEnabled')),
    timeoutMinutes: t.int(cfn('ImageTestsConfiguration', 'TimeoutMinutes')),
  }),
});

export const AutoDisablePolicy = builder.objectRef<CfnObject>('AutoDisablePolicy').implement({
  description: describeDefinition('AutoDisablePolicy'),
  fields: (t) => ({
    failureCount: t.int({
      description: describeProperty(['Schedule', 'AutoDisablePolicy', 'FailureCount']),
      resolve: (parent) => parent.FailureCount as number,
    }),
  }),
});

export const Schedule = builder.objectRef<CfnObject>('Schedule').implement({
  description: describeDefinition('Schedule'),
  fields: (t) => ({
    scheduleExpression: t.string(cfn('Schedule', 'ScheduleExpression')),
    pipelineExecutionStartCondition: t.field({ type: PipelineExecutionStartCondition, ...cfn('Schedule', 'PipelineExecutionStartCondition') }),
    timezone: t.string(cfn('Schedule', 'Timezone')),
    autoDisablePolicy: t.field({ type: AutoDisablePolicy, ...cfn('Schedule', 'AutoDisablePolicy') }),
  }),
});

export const WorkflowParameter = builder.objectRef<CfnObject>('WorkflowParameter').implement({
  description: describeDefinition('WorkflowParameter'),
  fields: (t) => ({
    name: t.string({ ...cfn('Workflows', '*', 'Parameters', '*', 'Name'), description: 'The name of the workflow parameter.' }),
    value: t.stringList({
      description: describeDefinition('WorkflowParameterValue'),
      resolve: (parent) => (parent.Value ?? []) as string[],
    }),
  }),
});

export const WorkflowConfiguration = builder.objectRef<CfnObject>('WorkflowConfiguration').implement({
  description: describeDefinition('WorkflowConfiguration'),
  fields: (t) => ({
    workflowArn: t.string(cfn('Workflows', '*', 'WorkflowArn')),
    parameters: t.field({
      type: [WorkflowParameter],
      description: describeProperty(['Workflows', '*', 'Parameters']),
      resolve: (parent) => (parent.Parameters ?? []) as CfnObject[],
    }),
    parallelGroup: t.string(cfn('Workflows', '*', 'ParallelGroup')),
    onFailure: t.field({ type: WorkflowOnFailure, ...cfn('Workflows', '*', 'OnFailure') }),
  }),
});

export const EcrConfiguration = builder.objectRef<CfnObject>('EcrConfiguration').implement({
  description: describeDefinition('EcrConfiguration'),
  fields: (t) => ({
    repositoryName: t.string(cfn('ImageScanningConfiguration', 'EcrConfiguration', 'RepositoryName')),
    containerTags: t.stringList({
      description: describeProperty(['ImageScanningConfiguration', 'EcrConfiguration', 'ContainerTags']),
      resolve: (parent) => (parent.ContainerTags ?? []) as string[],
    }),
  }),
});

export const ImageScanningConfiguration = builder.objectRef<CfnObject>('ImageScanningConfiguration').implement({
  description: describeDefinition('ImageScanningConfiguration'),
  fields: (t) => ({
    imageScanningEnabled: t.boolean(cfn('ImageScanningConfiguration', 'ImageScanningEnabled')),
    ecrConfiguration: t.field({ type: EcrConfiguration, ...cfn('ImageScanningConfiguration', 'EcrConfiguration') }),
  }),
});

export const PipelineLoggingConfiguration = builder.objectRef<CfnObject>('PipelineLoggingConfiguration').implement({
  description: describeDefinition('PipelineLoggingConfiguration'),
  fields: (t) => ({
    imageLogGroupName: t.string(cfn('LoggingConfiguration', 'ImageLogGroupName')),
    pipelineLogGroupName: t.string(cfn('LoggingConfiguration', 'PipelineLogGroupName')),
  }),
});
