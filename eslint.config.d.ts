// Types of what eslint.config.js exports besides the config (read by scripts/layers.test.ts).
export interface Layer {
  type: string;
  pattern: string;
  mayImport: string[];
}
export declare const LAYERS: Layer[];
declare const config: import('eslint').Linter.Config[];
export default config;
