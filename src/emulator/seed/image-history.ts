import type { ImageStore, TerminalStatus } from '../image-store';
import { imageBuilderArn } from '../resources/arns';
import { IMAGE_PIPELINE } from '../resources/type-names';
import type { ResourceStore } from '../store';
import { SECOND_ACCOUNT_ID } from './second-account';

/**
 * The demo pipelines' past: when each was created and last changed, and the builds it ran, so
 * the Image Builder API has a history to show: passes, failures with reasons (some pipelines
 * fail on schedule again and again), a cancelled build, and one image still BUILDING. It is
 * replayed through the image store's own rules, so consecutiveFailures and lastRunStatus are
 * what the service would report. The pipelines' models are left exactly as they are.
 */
interface DemoRun {
  daysAgo: number;
  /** A run started by hand; otherwise the schedule started it (a pipeline without one only runs by hand). */
  manual?: true;
  outcome: TerminalStatus | 'BUILDING';
  reason?: string;
}

interface PipelineHistory {
  region: string;
  name: string;
  createdDaysAgo: number;
  updatedDaysAgo: number;
  runs: DemoRun[];
}

const DAY = 24 * 3600 * 1000;
const MINUTE = 60 * 1000;
/** How long a demo build took, from PENDING to its end. */
const BUILD_MINUTES = 52;

const passes = (...daysAgo: number[]): DemoRun[] => daysAgo.map((days) => ({ daysAgo: days, outcome: 'AVAILABLE' }));

const OWN_ACCOUNT: PipelineHistory[] = [
  {
    region: 'us-east-1',
    name: 'amazon-linux-2023-golden',
    createdDaysAgo: 210,
    updatedDaysAgo: 40,
    // Weekly passes, and a build started by hand half an hour ago that is still building.
    runs: [...passes(35, 28, 21, 14, 7), { daysAgo: 30 / (24 * 60), manual: true, outcome: 'BUILDING' }],
  },
  {
    region: 'us-east-1',
    name: 'ubuntu-22-04-cis-hardened',
    createdDaysAgo: 150,
    updatedDaysAgo: 20,
    runs: [
      ...passes(5, 4, 3),
      { daysAgo: 2, outcome: 'FAILED', reason: 'Test workflow cis-benchmarks failed: 3 CIS Level 1 controls are not compliant (1.1.2, 5.2.4, 6.1.10).' },
      { daysAgo: 1, outcome: 'FAILED', reason: 'Test workflow cis-benchmarks failed: 2 CIS Level 1 controls are not compliant (5.2.4, 6.1.10).' },
    ],
  },
  { region: 'us-east-1', name: 'nginx-edge-container', createdDaysAgo: 90, updatedDaysAgo: 30, runs: passes(3, 2, 1) },
  {
    region: 'us-east-1',
    name: 'eks-node-al2023',
    createdDaysAgo: 120,
    updatedDaysAgo: 70,
    runs: [...passes(60), { daysAgo: 30, outcome: 'FAILED', reason: 'Build component eks-bootstrap failed: package kubelet-1.30 was not found in the configured repositories.' }],
  },
  { region: 'us-east-1', name: 'bastion-host-minimal', createdDaysAgo: 100, updatedDaysAgo: 100, runs: passes(45, 30, 15) },
  {
    region: 'us-east-1',
    name: 'windows-server-2022-base',
    createdDaysAgo: 300,
    // Disabled before its last runs: they were started by hand, and the failed one leaves the count at 0.
    updatedDaysAgo: 45,
    runs: [
      { daysAgo: 40, manual: true, outcome: 'AVAILABLE' },
      { daysAgo: 27, manual: true, outcome: 'FAILED', reason: 'Build component update-windows failed: Windows Update returned 0x800f0922.' },
    ],
  },
  { region: 'us-east-1', name: 'gpu-deep-learning-base', createdDaysAgo: 60, updatedDaysAgo: 60, runs: [{ daysAgo: 12, manual: true, outcome: 'AVAILABLE' }] },
  { region: 'eu-west-1', name: 'amazon-linux-2023-golden', createdDaysAgo: 200, updatedDaysAgo: 40, runs: passes(21, 14, 7) },
  {
    region: 'eu-west-1',
    name: 'rhel-9-stig',
    createdDaysAgo: 180,
    updatedDaysAgo: 50,
    runs: [
      ...passes(28),
      ...[21, 14, 7].map((daysAgo): DemoRun => ({ daysAgo, outcome: 'FAILED', reason: 'Test workflow failed: STIG rule RHEL-09-255045 (high) failed: SSH daemon permits root login.' })),
    ],
  },
  {
    region: 'eu-west-1',
    name: 'java-service-container',
    createdDaysAgo: 80,
    updatedDaysAgo: 80,
    runs: [
      { daysAgo: 10, manual: true, outcome: 'AVAILABLE' },
      { daysAgo: 3, manual: true, outcome: 'CANCELLED' },
    ],
  },
  { region: 'eu-west-1', name: 'windows-server-2019-legacy', createdDaysAgo: 400, updatedDaysAgo: 95, runs: [{ daysAgo: 90, manual: true, outcome: 'AVAILABLE' }] },
  { region: 'ap-southeast-2', name: 'analytics-worker', createdDaysAgo: 70, updatedDaysAgo: 70, runs: passes(14, 7) },
];

const SECOND_ACCOUNT: PipelineHistory[] = [
  {
    region: 'us-east-1',
    name: 'payments-api-golden',
    createdDaysAgo: 90,
    updatedDaysAgo: 10,
    runs: [...passes(3, 2), { daysAgo: 1, outcome: 'FAILED', reason: 'Test workflow failed: the payments smoke test timed out after 30 minutes.' }],
  },
  { region: 'us-east-1', name: 'payments-batch-golden', createdDaysAgo: 90, updatedDaysAgo: 45, runs: [{ daysAgo: 20, manual: true, outcome: 'AVAILABLE' }] },
];

/** When the rest of the demo estate (recipes, fleets, distributions, workflows) was created. */
export const ESTATE_AGE_DAYS = 420;
export const estateDates = (now: number) => ({ createdAt: now - ESTATE_AGE_DAYS * DAY, updatedAt: now - ESTATE_AGE_DAYS * DAY });

/** Writes the demo history of the own account (and of the second account, unless they are the same) into the stores. */
export function seedImageHistory(store: ResourceStore, images: ImageStore, accountId: string, now: number): void {
  const histories = [
    ...OWN_ACCOUNT.map((history) => ({ account: accountId, history })),
    ...(accountId === SECOND_ACCOUNT_ID ? [] : SECOND_ACCOUNT.map((history) => ({ account: SECOND_ACCOUNT_ID, history }))),
  ];
  for (const { account, history } of histories) {
    const place = { account, region: history.region };
    const arn = imageBuilderArn(place, `image-pipeline/${history.name}`);
    const model = store.get(place, IMAGE_PIPELINE, arn);
    if (!model) continue;
    store.put(place, IMAGE_PIPELINE, arn, model, { createdAt: now - history.createdDaysAgo * DAY, updatedAt: now - history.updatedDaysAgo * DAY });
    for (const run of [...history.runs].sort((a, b) => b.daysAgo - a.daysAgo)) {
      const startedAt = now - run.daysAgo * DAY;
      const buildType = run.manual || !model.Schedule ? 'USER_INITIATED' : 'SCHEDULED';
      const image = images.start({ place, pipelineArn: arn, buildType, at: startedAt });
      // A build still going finishes its current step in 20 minutes, then goes on at the configured pace.
      if (run.outcome === 'BUILDING') images.holdUntil(image, 'BUILDING', now + 20 * MINUTE);
      else images.end(image, run.outcome, startedAt + BUILD_MINUTES * MINUTE, run.reason);
    }
  }
}
