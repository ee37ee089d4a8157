import { randomUUID } from 'node:crypto';
import { arnName } from './arns';
import { CONTAINER_RECIPE, DISTRIBUTION_CONFIGURATION, IMAGE_PIPELINE, IMAGE_RECIPE, INFRASTRUCTURE_CONFIGURATION, WORKFLOW } from './type-names';

/** A CloudFormation resource model: PascalCase property names, as Cloud Control carries them. */
export type ResourceModel = Record<string, unknown>;

/**
 * What each type's resource handler does beyond its schema: the ARN Image Builder gives a new
 * resource, the values it fills in, and what a read derives. The schema says which properties
 * are read-only; these rules say what the service puts there.
 */
export interface HandlerRules {
  /** The ARN's resource part (`image-pipeline/web-tier`), from the desired model. */
  arnResource(model: ResourceModel): string;
  /**
   * What makes two ARNs the same resource to Image Builder's "already exists" check; the ARN
   * itself unless a type's ARN carries a part the service assigns (a workflow's build version).
   */
  identity?(arn: string): string;
  /** Values the service fills in when a resource is created without them. */
  createDefaults?(desired: ResourceModel): ResourceModel;
  /** What a successful update changes beyond the patch. */
  afterUpdate?(model: ResourceModel): ResourceModel;
  /** Properties a read computes from the other resources of the same type and place. */
  derived?(model: ResourceModel, siblings: readonly ResourceModel[]): ResourceModel;
}

/** `name/1.2.3` for the versioned types (recipes, workflows). */
const versioned = (model: ResourceModel) => `${arnName(String(model.Name))}/${String(model.Version)}`;

function versionParts(model: ResourceModel): number[] {
  return String(model.Version).split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : -1));
}

/** Newest version first; builds of one version by their ARN, whose last part is the build number. */
function newestFirst(a: ResourceModel, b: ResourceModel): number {
  const [x, y] = [versionParts(a), versionParts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if ((x[i] ?? 0) !== (y[i] ?? 0)) return (y[i] ?? 0) - (x[i] ?? 0);
  }
  return String(b.Arn).localeCompare(String(a.Arn), 'en', { numeric: true });
}

/**
 * LatestVersion (read-only on recipes and workflows): the newest version of the same name, the
 * newest with the same major version, with the same major and minor, and with the same version.
 */
function latestVersion(model: ResourceModel, siblings: readonly ResourceModel[]): ResourceModel {
  const mine = versionParts(model);
  const sameName = siblings.filter((other) => arnName(String(other.Name)) === arnName(String(model.Name))).sort(newestFirst);
  const newestSharing = (parts: number) =>
    sameName.find((other) => versionParts(other).slice(0, parts).every((part, index) => part === mine[index]))?.Arn ?? model.Arn;
  return { LatestVersion: { Arn: sameName[0]?.Arn ?? model.Arn, Major: newestSharing(1), Minor: newestSharing(2), Patch: newestSharing(3) } };
}

const VERSIONED: Pick<HandlerRules, 'derived'> = { derived: latestVersion };

/** The first build of a workflow version; Image Builder numbers later builds of it. */
const FIRST_BUILD = 1;

export const HANDLER_RULES: Record<string, HandlerRules> = {
  [IMAGE_PIPELINE]: {
    arnResource: (model) => `image-pipeline/${arnName(String(model.Name))}`,
    // What the Image Builder API fills in when a pipeline is created without it, so a created
    // pipeline reads back as the real read handler returns it.
    createDefaults: (desired) => {
      const schedule = desired.Schedule as ResourceModel | undefined;
      return {
        Status: 'ENABLED',
        EnhancedImageMetadataEnabled: true,
        ImageTestsConfiguration: { ImageTestsEnabled: true, TimeoutMinutes: 720 },
        ...desired,
        ...(schedule && !schedule.PipelineExecutionStartCondition
          ? { Schedule: { ...schedule, PipelineExecutionStartCondition: 'EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE' } }
          : {}),
        DeploymentId: randomUUID(),
      };
    },
    // Every change to a pipeline is a new deployment of it.
    afterUpdate: (model) => ({ ...model, DeploymentId: randomUUID() }),
  },
  [IMAGE_RECIPE]: { arnResource: (model) => `image-recipe/${versioned(model)}`, ...VERSIONED },
  [CONTAINER_RECIPE]: { arnResource: (model) => `container-recipe/${versioned(model)}`, ...VERSIONED },
  [INFRASTRUCTURE_CONFIGURATION]: {
    arnResource: (model) => `infrastructure-configuration/${arnName(String(model.Name))}`,
    // Image Builder terminates a failed build's instance unless told to keep it.
    createDefaults: (desired) => ({ TerminateInstanceOnFailure: true, ...desired }),
  },
  [DISTRIBUTION_CONFIGURATION]: {
    arnResource: (model) => `distribution-configuration/${arnName(String(model.Name))}`,
  },
  [WORKFLOW]: {
    arnResource: (model) => `workflow/${String(model.Type).toLowerCase()}/${versioned(model)}/${FIRST_BUILD}`,
    identity: (arn) => arn.replace(/\/\d+$/, ''),
    ...VERSIONED,
  },
};
