import { toYaml } from '../yaml.js';

/** Objects as one YAML stream, each document introduced by `---`. */
export function toYamlStream(objects: readonly unknown[]): string {
  return objects.map((o) => `---\n${toYaml(o)}`).join('');
}
