import { describe, expect, it } from 'vitest';
import { readConfig } from '../../config/read.js';
import { configTransform, linesAdded } from '../../config/transform.js';
import { cleanUpProjects, project } from '../helpers/config-project.js';

cleanUpProjects();

const evaluate = async (files: Record<string, string>, name = 'mesh.config.ts') => {
  const dir = project(files);
  return (await readConfig(`${dir}/${name}`, dir)).value;
};

describe('evaluating a TypeScript or JavaScript config', () => {
  it('runs TypeScript with types, interfaces, enums and imports of other TypeScript files', async () => {
    const value = await evaluate({
      'mesh.config.ts':
        "import { replicas, type Size } from './sizes';\ninterface Spec { size: Size }\nenum Mode { Fast = 'fast' }\nconst spec: Spec = { size: 'large' };\nexport default { packages: { a: { spec, mode: Mode.Fast, replicas: replicas as number } } };\n",
      'sizes.ts': "export type Size = 'small' | 'large';\nexport const replicas: number = 3;\n",
    });
    expect(value).toEqual({ packages: { a: { spec: { size: 'large' }, mode: 'fast', replicas: 3 } } });
  });

  it('waits for top-level await', async () => {
    const value = await evaluate({ 'mesh.config.ts': 'const size: number = await Promise.resolve(2);\nexport default { size };\n' });
    expect(value).toEqual({ size: 2 });
  });

  it('gives import.meta its file, which only the fuller transform rewrites', async () => {
    const dir = project({ 'mesh.config.mts': 'export default { from: import.meta.url };\n' });
    const { value } = await readConfig(`${dir}/mesh.config.mts`, dir);
    expect(value).toEqual({ from: `file://${dir}/mesh.config.mts` });
  });

  it('keeps every line and column where it was written, one line down (line 1 holds what the transform and jiti add), so errors point at the right place', () => {
    const source = "import { a } from './a';\n\ninterface X {\n  y: number;\n}\n\nexport default { a };\nthrow new Error('here');\n";
    const { code } = configTransform()({ source, filename: 'mesh.config.ts', ts: true });
    const lines = code.split('\n');
    expect(lines.findIndex((line) => line.includes("throw new Error('here')"))).toBe(8);
    expect(lines[8]!.indexOf('throw')).toBe(0);
    expect(linesAdded.get('mesh.config.ts')).toBe(1);
  });
});
