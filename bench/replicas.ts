import { existsSync } from 'node:fs';
import type { Emulator } from '../src/emulator/server';
import { startRedisServer } from '../test/support/redis-server';
import { measureQuery } from './one-query';
import { poll, type PollingResult } from './polling';
import { dashboardQuery, pipelinesQuery } from './queries';
import { type BenchServer, type EntryOf, startGateway, type UpstreamSettings } from './servers';

/** One round of scenario 6: two replicas, each given half the work at once. */
export interface ReplicaRound {
  /** A query over `distinct` pipelines through each replica at once (different pipelines). */
  fanOut: { distinct: number; getResource: number; throttled: number; errors: number; wallMs: number };
  /** `clients` dashboards split across both replicas, polling one dashboard. */
  polling: PollingResult;
}

export type ReplicasResult = { skipped: string } | { withoutRedis: ReplicaRound; withRedis: ReplicaRound };

export interface ReplicaPlan {
  /** Per round, the pipelines of each replica's fan-out query. */
  fanOut: { withoutRedis: [string[], string[]]; withRedis: [string[], string[]] };
  /** Per round, a region of its own for the polled dashboard. */
  pollRegions: { withoutRedis: string; withRedis: string };
  pollRows: number;
  pollClients: number;
  pollIntervalMs: number;
  pollSeconds: number;
  /**
   * Both rounds' CLOUDCONTROL_RATE_BURST: half the service's, since a pace shared through Redis
   * counts in windows and can start two windows' worth at an edge (README: Running several replicas).
   */
  rateBurst: number;
}

const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

/**
 * Scenario 6: two gateway replicas behind a (simulated) load balancer, paced each at the whole
 * rate Cloud Control allows, first each on its own, then sharing through Redis: upstream calls
 * and throttling of a fan-out over both, and of dashboards polling through both. Skipped, saying
 * so, where redis-server is not installed.
 */
export async function measureReplicas(entryOf: EntryOf, emulator: Emulator, upstream: UpstreamSettings, plan: ReplicaPlan, log: (message: string) => void): Promise<ReplicasResult> {
  if (!existsSync(REDIS_SERVER)) return { skipped: `${REDIS_SERVER} is not installed (apt-get install redis-server, or set REDIS_SERVER)` };
  const redis = await startRedisServer();
  try {
    const round = async (name: 'withoutRedis' | 'withRedis', env: Record<string, string>): Promise<ReplicaRound> => {
      log(`scenario 6: two replicas ${name === 'withRedis' ? 'sharing through Redis' : 'each on its own'}`);
      const replicas: BenchServer[] = await Promise.all([0, 1].map(() => startGateway(entryOf, { ...upstream, env: { ...upstream.env, ...env } })));
      try {
        const [one, two] = plan.fanOut[name];
        const mark = Date.now();
        const answers = await Promise.all([measureQuery(replicas[0]!.url, pipelinesQuery(one), emulator), measureQuery(replicas[1]!.url, pipelinesQuery(two), emulator)]);
        const reads = emulator.calls.calls('GetResource').filter((call) => call.startedAt >= mark);
        const fanOut = {
          distinct: one.length + two.length,
          getResource: reads.length,
          throttled: reads.filter((call) => call.outcome === 'ThrottlingException').length,
          errors: answers[0].errors + answers[1].errors,
          wallMs: Math.max(answers[0].wallMs, answers[1].wallMs),
        };
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const query = dashboardQuery(plan.pollRegions[name], plan.pollRows);
        const options = { clients: plan.pollClients / 2, intervalMs: plan.pollIntervalMs, seconds: plan.pollSeconds };
        // Half the clients on each replica, as a load balancer spreads them; the emulator counts both.
        const mark2 = Date.now();
        const halves = await Promise.all(replicas.map((replica) => poll(replica.url, query, emulator, options)));
        const seconds = (Date.now() - mark2) / 1000;
        const upstreamCalls = emulator.calls.calls().filter((call) => call.startedAt >= mark2).length;
        const polling: PollingResult = {
          clients: plan.pollClients,
          seconds,
          polls: halves[0]!.polls + halves[1]!.polls,
          failedPolls: halves[0]!.failedPolls + halves[1]!.failedPolls,
          upstreamCalls,
          upstreamCallsPerSecond: upstreamCalls / seconds,
        };
        return { fanOut, polling };
      } finally {
        await Promise.all(replicas.map((replica) => replica.stop()));
      }
    };
    const burst = { CLOUDCONTROL_RATE_BURST: String(plan.rateBurst) };
    const withoutRedis = await round('withoutRedis', burst);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const withRedis = await round('withRedis', { ...burst, REDIS_URL: redis.url });
    return { withoutRedis, withRedis };
  } finally {
    await redis.stop();
  }
}
