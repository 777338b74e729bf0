import { searchPath } from '../../lib/process/find-binary.js';

/**
 * The real kubectl on PATH (or MESH_KUBECTL), for tests that check how
 * kubectl itself reads what mesh writes. Undefined when there is none: those
 * tests are then skipped with a message that says so.
 */
export const realKubectl: string | undefined = process.env.MESH_KUBECTL ?? searchPath('kubectl', process.env);

export const noKubectlMessage = 'no kubectl on PATH: install kubectl (https://kubernetes.io/docs/tasks/tools/) to run these tests';
