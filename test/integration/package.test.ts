import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { projectRoot } from '../helpers/paths.js';
import { makeProject } from '../helpers/project.js';

const tsc = join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc');
const TSCONFIG = JSON.stringify({
  compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, skipLibCheck: false },
});

function typecheck(config: string): { code: number | null; output: string } {
  const dir = makeProject({ 'mesh.config.ts': config, 'tsconfig.json': TSCONFIG });
  const run = spawnSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
  return { code: run.status, output: run.stdout + run.stderr };
}

describe('k3d-mesh as another project installs it', () => {
  test('the published package holds the launcher, the built code and its types, and no tests', () => {
    const kept = join(projectRoot, 'dist', '.code-cache', `package-test-${process.pid}.v8`);
    mkdirSync(dirname(kept), { recursive: true });
    writeFileSync(kept, 'compiled code a run left');
    const [pack] = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
        cwd: projectRoot,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    ) as Array<{ files: Array<{ path: string }> }>;
    rmSync(kept);
    const files = pack!.files.map((f) => f.path);
    expect(files).toEqual(
      expect.arrayContaining([
        'bin/mesh.js',
        'dist/index.js',
        'dist/index.d.ts',
        'dist/cli-bundle/mesh.cjs',
        'dist/cli-bundle/mesh.cjs.id',
        'dist/cli-bundle/index.js',
        'README.md',
        'package.json',
      ]),
    );
    expect(files.filter((f) => f.startsWith('test/') || f.startsWith('bench/') || (f.endsWith('.ts') && !f.endsWith('.d.ts')))).toEqual([]);
    // Compiled code that runs left beside the program belongs to that install only.
    expect(files.filter((f) => f.includes('.code-cache'))).toEqual([]);
  });

  test("a user's mesh.config.ts importing from 'k3d-mesh' type-checks against the package's own types", () => {
    const config = `import { defineConfig, mkClusterConfig, mkIstiod, mkPXCServiceEntry } from 'k3d-mesh';
export default defineConfig({
  clusters: { dev: mkClusterConfig({ agents: 1 }) },
  packages: {
    istiod: mkIstiod({ values: { pilot: { resources: { requests: { cpu: '500m', memory: '2Gi' } } } } }),
    pxc: mkPXCServiceEntry({ name: 'pxc-source', remoteClusterName: 'b', remoteEndpoints: [{ address: '10.0.0.1', port: 3306 }] }),
  },
});
`;
    const result = typecheck(config);
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  });

  test("a misspelt field is a type error in the user's editor, before mesh runs", () => {
    const result = typecheck(`import { defineConfig, mkClusterConfig } from 'k3d-mesh';
export default defineConfig({ clusters: { dev: mkClusterConfig({ agnets: 1 }) } });
`);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/mesh\.config\.ts\(2,.*'agnets' does not exist in type 'ClusterInput'/);
  });
});
