import { builder } from '../builder';
import { describeDefinition, describeProperty, schemaAt } from '../resource/image-pipeline-type';

/** A nested CloudFormation object as Cloud Control returns it (PascalCase keys). */
export type CfnObject = Record<string, unknown>;

const enumValues = (path: string[]) => schemaAt(path)!.enum!;

export const ImagePipelineStatus = builder.enumType('ImagePipelineStatus', {
  description: describeProperty(['Status']),
  values: enumValues(['Status']),
});

export const PipelineExecutionStartCondition = builder.enumType('PipelineExecutionStartCondition', {
  description: describeProperty(['Schedule', 'PipelineExecutionStartCondition']),
  values: enumValues(['Schedule', 'PipelineExecutionStartCondition']),
});

export const WorkflowOnFailure = builder.enumType('WorkflowOnFailure', {
  description: describeProperty(['Workflows', '*', 'OnFailure']),
  values: enumValues(['Workflows', '*', 'OnFailure']),
});

/** A key and value of a CloudFormation tag map; GraphQL has no map type. */
export const Tag = builder.objectRef<{ key: string; value: string }>('Tag').implement({
  description: 'A tag: one key and its value.',
  fields: (t) => ({
    key: t.exposeString('key'),
    value: t.exposeString('value'),
  }),
});

export function tagsOf(map: unknown): { key: string; value: string }[] {
  return Object.entries((map ?? {}) as Record<string, string>).map(([key, value]) => ({ key, value }));
}

const read = <T>(parent: CfnObject, property: string) => (parent[property] ?? null) as T | null;

export const ImageTestsConfiguration = builder.objectRef<CfnObject>('ImageTestsConfiguration').implement({
  description: describeDefinition('ImageTestsConfiguration'),
  fields: (t) => ({
    imageTestsEnabled: t.boolean({
      nullable: true,
      description: describeProperty(['ImageTestsConfiguration', 'ImageTestsEnabled']),
      resolve: (parent) => read<boolean>(parent, 'ImageTestsEnabled'),
    }),
    timeoutMinutes: t.int({
      nullable: true,
      description: describeProperty(['ImageTestsConfiguration', 'TimeoutMinutes']),
      resolve: (parent) => read<number>(parent, 'TimeoutMinutes'),
    }),
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
    scheduleExpression: t.string({
      nullable: true,
      description: describeProperty(['Schedule', 'ScheduleExpression']),
      resolve: (parent) => read<string>(parent, 'ScheduleExpression'),
    }),
    pipelineExecutionStartCondition: t.field({
      type: PipelineExecutionStartCondition,
      nullable: true,
      description: describeProperty(['Schedule', 'PipelineExecutionStartCondition']),
      resolve: (parent) => read<never>(parent, 'PipelineExecutionStartCondition'),
    }),
    timezone: t.string({
      nullable: true,
      description: describeProperty(['Schedule', 'Timezone']),
      resolve: (parent) => read<string>(parent, 'Timezone'),
    }),
    autoDisablePolicy: t.field({
      type: AutoDisablePolicy,
      nullable: true,
      description: describeProperty(['Schedule', 'AutoDisablePolicy']),
      resolve: (parent) => read<CfnObject>(parent, 'AutoDisablePolicy'),
    }),
  }),
});

export const WorkflowParameter = builder.objectRef<CfnObject>('WorkflowParameter').implement({
  description: describeDefinition('WorkflowParameter'),
  fields: (t) => ({
    name: t.string({ nullable: true, description: 'The name of the workflow parameter.', resolve: (parent) => read<string>(parent, 'Name') }),
    value: t.stringList({
      description: describeDefinition('WorkflowParameterValue'),
      resolve: (parent) => (parent.Value ?? []) as string[],
    }),
  }),
});

export const WorkflowConfiguration = builder.objectRef<CfnObject>('WorkflowConfiguration').implement({
  description: describeDefinition('WorkflowConfiguration'),
  fields: (t) => ({
    workflowArn: t.string({
      nullable: true,
      description: describeProperty(['Workflows', '*', 'WorkflowArn']),
      resolve: (parent) => read<string>(parent, 'WorkflowArn'),
    }),
    parameters: t.field({
      type: [WorkflowParameter],
      description: describeProperty(['Workflows', '*', 'Parameters']),
      resolve: (parent) => (parent.Parameters ?? []) as CfnObject[],
    }),
    parallelGroup: t.string({
      nullable: true,
      description: describeProperty(['Workflows', '*', 'ParallelGroup']),
      resolve: (parent) => read<string>(parent, 'ParallelGroup'),
    }),
    onFailure: t.field({
      type: WorkflowOnFailure,
      nullable: true,
      description: describeProperty(['Workflows', '*', 'OnFailure']),
      resolve: (parent) => read<never>(parent, 'OnFailure'),
    }),
  }),
});

export const EcrConfiguration = builder.objectRef<CfnObject>('EcrConfiguration').implement({
  description: describeDefinition('EcrConfiguration'),
  fields: (t) => ({
    repositoryName: t.string({
      nullable: true,
      description: describeProperty(['ImageScanningConfiguration', 'EcrConfiguration', 'RepositoryName']),
      resolve: (parent) => read<string>(parent, 'RepositoryName'),
    }),
    containerTags: t.stringList({
      description: describeProperty(['ImageScanningConfiguration', 'EcrConfiguration', 'ContainerTags']),
      resolve: (parent) => (parent.ContainerTags ?? []) as string[],
    }),
  }),
});

export const ImageScanningConfiguration = builder.objectRef<CfnObject>('ImageScanningConfiguration').implement({
  description: describeDefinition('ImageScanningConfiguration'),
  fields: (t) => ({
    imageScanningEnabled: t.boolean({
      nullable: true,
      description: describeProperty(['ImageScanningConfiguration', 'ImageScanningEnabled']),
      resolve: (parent) => read<boolean>(parent, 'ImageScanningEnabled'),
    }),
    ecrConfiguration: t.field({
      type: EcrConfiguration,
      nullable: true,
      description: describeProperty(['ImageScanningConfiguration', 'EcrConfiguration']),
      resolve: (parent) => read<CfnObject>(parent, 'EcrConfiguration'),
    }),
  }),
});

export const PipelineLoggingConfiguration = builder.objectRef<CfnObject>('PipelineLoggingConfiguration').implement({
  description: describeDefinition('PipelineLoggingConfiguration'),
  fields: (t) => ({
    imageLogGroupName: t.string({
      nullable: true,
      description: describeProperty(['LoggingConfiguration', 'ImageLogGroupName']),
      resolve: (parent) => read<string>(parent, 'ImageLogGroupName'),
    }),
    pipelineLogGroupName: t.string({
      nullable: true,
      description: describeProperty(['LoggingConfiguration', 'PipelineLogGroupName']),
      resolve: (parent) => read<string>(parent, 'PipelineLogGroupName'),
    }),
  }),
});
