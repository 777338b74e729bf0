import { describe, expect, it } from 'vitest';
import { cleanUpProjects, configError, load, project } from '../helpers/config-project.js';

cleanUpProjects();

/** The message and hint of the ConfigError loading `files` fails with; never a stack. */
async function failure(files: Record<string, string>, configPath?: string): Promise<{ message: string; hint: string | undefined }> {
  const error = await configError(load(project(files), configPath === undefined ? {} : { configPath }));
  expect(error.message).not.toMatch(/\n\s+at /);
  return { message: error.message, hint: error.hint };
}

describe('a TypeScript or JavaScript config with a syntax error', () => {
  it('points at file:line:col, columns counted from 1', async () => {
    const { message, hint } = await failure({ 'mesh.config.ts': 'const a = 1;\nexport default { istio: {} packages: {} };\n' });
    // `packages` starts in column 28 of line 2.
    expect(message).toBe('mesh.config.ts:2:28: syntax error: Unexpected token, expected ","');
    expect(hint).toBe('fix the syntax at that position');
  });

  it('points at the end of the file when a brace is never closed', async () => {
    const { message } = await failure({ 'mesh.config.mjs': 'export default {\n  clusters: {\n' });
    expect(message).toBe('mesh.config.mjs:3:1: syntax error: Unexpected token');
  });

  it('names the imported file that has the error, not the config', async () => {
    const { message } = await failure({
      'mesh.config.ts': "import { version } from './lib/istio.ts';\nexport default { istio: { version } };\n",
      'lib/istio.ts': "export const version = '1.2.3'\nexport const broken = ;\n",
    });
    expect(message).toBe('lib/istio.ts:2:23: syntax error: Unexpected token');
  });
});

describe('a JSON config with a syntax error', () => {
  it('turns the parser position into line:col', async () => {
    const { message, hint } = await failure({ 'mesh.config.json': '{\n  "packages": {\n    "a": 1,\n  }\n}\n' });
    expect(message).toBe('mesh.config.json:4:3: Expected double-quoted property name');
    expect(hint).toBe('fix the JSON syntax at that position');
  });

  it('finds the token Node names without a position, and drops the text it quotes', async () => {
    const { message } = await failure({ 'mesh.config.json': '{\n  "istio": {\n    "version": ,\n  }\n}\n' });
    expect(message).toBe("mesh.config.json:3:16: Unexpected token ','");
    const late = await failure({ 'mesh.config.json': '{ "istio": { "repo": "x" },\n  "packages": { "a": [1,] } }' });
    expect(late.message).toBe("mesh.config.json:2:25: Unexpected token ']'");
  });

  it('points past the last character when the input ends early', async () => {
    const { message } = await failure({ 'mesh.config.json': '{\n  "istio":' });
    expect(message).toBe('mesh.config.json:2:11: Unexpected end of JSON input');
  });

  it('refuses a key given twice, which JSON.parse would silently drop', async () => {
    const { message, hint } = await failure({ 'mesh.config.json': '{\n  "packages": {},\n  "istio": {},\n  "packages": { "x": 1 }\n}\n' });
    expect(message).toBe('mesh.config.json:4:3: duplicate key "packages": map keys must be unique');
    expect(hint).toBe('remove or rename one of the two keys');
  });

  it('reports a broken package.json given with --config as a ConfigError too', async () => {
    const { message } = await failure({ 'package.json': '{ "mesh": { } ' }, 'package.json');
    expect(message).toBe("package.json:1:15: Expected ',' or '}' after property value");
  });
});

describe('a YAML config with a syntax error', () => {
  it('gives line:col and the first problem, without the code frame', async () => {
    const { message, hint } = await failure({ 'mesh.config.yaml': 'packages:\n  a: [1\n b: 2\n' });
    expect(message).toBe('mesh.config.yaml:3:2: Flow sequence in block collection must be sufficiently indented and end with a ]');
    expect(hint).toBe('fix the YAML syntax at that position');
  });

  it('refuses a key given twice, at the second one', async () => {
    const { message, hint } = await failure({
      'mesh.config.yml': 'istio:\n  version: 1.2.3\nclusters: {}\nistio:\n  repo: https://example.com\n',
    });
    expect(message).toBe('mesh.config.yml:4:1: duplicate key "istio": map keys must be unique');
    expect(hint).toBe('remove or rename one of the two keys');
  });

  it('finds a key twice deep inside packages', async () => {
    const { message } = await failure({ 'mesh.config.yaml': 'packages:\n  app:\n    type: helm-chart\n    type: helm-chart\n' });
    expect(message).toBe('mesh.config.yaml:4:5: duplicate key "type": map keys must be unique');
  });
});
