import type { OperationContext } from '../operation-context';
import { arnName } from '../resources/arns';
import type { ResourceModel } from '../resources/handler-rules';
import { WORKFLOW } from '../resources/type-names';
import { asApiStructure } from './api-shape';
import { dateTime } from './dates';
import { notFound } from './errors';
import { MANAGED_WORKFLOWS } from './managed-workflows';

type Input = Record<string, unknown>;

/** A workflow ARN: a build version (`…/1.2.0/1`) or a version with wildcards (`…/x.x.x`, `…/1.x.x`), owned by an account or by AWS. */
const WORKFLOW_ARN = /^arn:(aws[^:]*):imagebuilder:([^:]+):([^:]+):workflow\/(build|test|distribution)\/([a-z0-9-_]+)\/(x|\d+)\.(x|\d+)\.(x|\d+)(?:\/(\d+))?$/;

interface Wanted {
  prefix: string;
  region: string;
  owner: string;
  type: string;
  name: string;
  version: string[];
  build?: string;
}

const parse = (arn: string): Wanted | undefined => {
  const match = WORKFLOW_ARN.exec(arn);
  if (!match) return undefined;
  const [, partition, region, owner, type, name, major, minor, patch, build] = match as unknown as string[];
  return { prefix: `arn:${partition}:imagebuilder:${region}:${owner}:workflow/${type}/${name}`, region: region!, owner: owner!, type: type!, name: name!, version: [major!, minor!, patch!], build };
};

const versionMatches = (wanted: Wanted, version: string, build: string) =>
  version.split('.').every((part, index) => wanted.version[index] === 'x' || wanted.version[index] === part) && (wanted.build === undefined || wanted.build === build);

/** The wildcard ARNs of a version's newest builds, as the API gives them beside a workflow (`…/x.x.x`, `…/1.x.x`, `…/1.0.x`, `…/1.0.0`). */
function latestVersionReferences(prefix: string, version: string) {
  const [major, minor, patch] = version.split('.');
  return {
    latestVersionArn: `${prefix}/x.x.x`,
    latestMajorVersionArn: `${prefix}/${major}.x.x`,
    latestMinorVersionArn: `${prefix}/${major}.${minor}.x`,
    latestPatchVersionArn: `${prefix}/${major}.${minor}.${patch}`,
  };
}

const newestFirst = (a: string, b: string) => b.localeCompare(a, 'en', { numeric: true });

/**
 * A workflow by its build version ARN, or the newest build matching a version ARN: the account's
 * own, from the store, or one of the AWS-managed workflows the demo pipelines use.
 */
export function getWorkflow(input: Input, { store, place }: OperationContext) {
  const arn = input.workflowBuildVersionArn as string;
  const wanted = parse(arn);
  if (!wanted || wanted.region !== place.region) throw notFound('workflow', arn);
  if (wanted.owner === 'aws' || wanted.owner.startsWith('aws-')) {
    const managed = MANAGED_WORKFLOWS.find(
      (workflow) => workflow.type.toLowerCase() === wanted.type && workflow.name === wanted.name && versionMatches(wanted, ...(workflow.buildVersion.split('/') as [string, string])),
    );
    if (!managed) throw notFound('workflow', arn);
    const [version] = managed.buildVersion.split('/') as [string];
    return {
      workflow: {
        arn: `${wanted.prefix}/${managed.buildVersion}`,
        name: managed.name,
        version,
        description: managed.description,
        type: managed.type,
        owner: 'Amazon',
        data: managed.data,
        dateCreated: managed.dateCreated,
      },
      latestVersionReferences: latestVersionReferences(wanted.prefix, version),
    };
  }
  if (wanted.owner !== place.account) throw notFound('workflow', arn);
  const model = store
    .models(place, WORKFLOW)
    .filter((candidate) => String(candidate.Type).toLowerCase() === wanted.type && arnName(String(candidate.Name)) === wanted.name)
    .filter((candidate) => versionMatches(wanted, String(candidate.Version), String(candidate.Arn).split('/').pop()!))
    .sort((a, b) => newestFirst(String(a.Arn), String(b.Arn)))[0];
  if (!model) throw notFound('workflow', arn);
  const dates = store.datesOf(place, WORKFLOW, String(model.Arn))!;
  return {
    workflow: {
      ...asApiStructure(model, 'Workflow'),
      owner: place.account,
      data: documentOf(model),
      dateCreated: dateTime(dates.createdAt),
    },
    latestVersionReferences: latestVersionReferences(wanted.prefix, String(model.Version)),
  };
}

/**
 * The workflow's YAML document: the Data it was created with, or, for one created from a Uri,
 * a stand-in saying where the document is (Image Builder reads it from S3; the emulator cannot).
 */
function documentOf(model: ResourceModel): string {
  if (typeof model.Data === 'string') return model.Data;
  return `name: ${String(model.Name)}\ndescription: ${JSON.stringify(String(model.Description ?? ''))}\nschemaVersion: 1.0\n# The document Image Builder read from ${String(model.Uri)} when this version was created.\nsteps: []\n`;
}
