/**
 * What bin/mesh.js needs before the CLI: the check of an unchanged render
 * and the loading of the CLI bundle. The build makes one file of it
 * (dist/cli-bundle/launcher.js), since every module the launcher imports
 * costs a warm render a share of its few milliseconds.
 */
export { fastRender } from '../render/fast/fast-path.js';
export { cacheDir } from '../paths.js';
export { outputMode } from './terminal.js';
export { loadCli } from './load-cli.js';
