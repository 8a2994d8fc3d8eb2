// Types of what eslint.config.js exports besides the config (read by scripts/layers.test.ts).
export interface Layer {
  type: string;
  pattern: string;
  mayImport: string[];
}
export declare const LAYERS: Layer[];
/** [importing method, imported method] pairs still on main, allowed until the shared plumbing moves. */
export declare const KNOWN_METHOD_IMPORTS: [from: string, to: string][];
declare const config: import('eslint').Linter.Config[];
export default config;
