import { inject, test } from 'vitest';
import { OCI_SKIP } from './registry.js';

/** The OCI registry the global setup started, or '' when docker-registry is not installed. */
export const ociRegistry = (): string => inject('ociRegistry');

/** A test that pushes to or pulls from the OCI registry: skipped, saying why, where there is none. */
export function ociTest(name: string, fn: () => Promise<void> | void, timeout?: number): void {
  if (ociRegistry()) test(name, fn, timeout);
  else test.skip(`${name}${OCI_SKIP}`, fn);
}
