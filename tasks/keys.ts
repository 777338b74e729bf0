import type { DoctorCheck } from '../lib/doctor/check.js';
import type { DeployStep } from '../lib/deploy/phases.js';
import type { TaskKey } from '../lib/pipeline/types.js';
import type { CheckResult } from '../lib/verify/cluster-checks.js';

export type CreateResult = 'created' | 'running' | 'started' | 'differs' | 'recreated' | 'existing';
export type TeardownResult = 'deleted' | 'absent' | 'removed-objects';
export type NetworkResult = 'removed' | 'absent' | 'not-mesh' | 'in-use';
/** Target name -> its manifest, in apply order. */
export type RenderedTargets = Map<string, string>;

/** What each step of `mesh up`/`down` returns, by step name. */
interface Results {
  checks: DoctorCheck[];
  create: CreateResult;
  render: RenderedTargets;
  deploy: DeployStep[];
  verify: CheckResult[];
  teardown: TeardownResult;
  network: NetworkResult;
  /** The images imported into the cluster. */
  preload: string[];
  registry: 'created' | 'running';
}

export type Step = keyof Results;

/**
 * The one place task ids are made and read: `create:cluster-a` is the
 * create step of cluster-a. Tasks name what they need by these keys and
 * read each result with its type.
 */
export function taskKey<S extends Step>(step: S, subject?: string): TaskKey<Results[S]> & { step: S } {
  return { id: subject === undefined ? step : `${step}:${subject}`, step };
}

/** The step and subject (a cluster or network) of a task id made by taskKey. */
export function stepOf(id: string): { step: Step; subject: string | undefined } {
  const colon = id.indexOf(':');
  const step = (colon < 0 ? id : id.slice(0, colon)) as Step;
  return { step, subject: colon < 0 ? undefined : id.slice(colon + 1) };
}
