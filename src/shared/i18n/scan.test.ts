// No user-facing string in code outside the catalogues (issue 16 "Two languages"). Parses the page's files
// with the TypeScript compiler and fails on
//   - JSX text containing a letter (<p>Hello</p>),
//   - a string literal (or template text) with a letter in a user-facing JSX attribute: title, aria-label,
//     aria-description, placeholder, alt, label,
//   - a string literal with a letter given to the notice and error functions: notify({ title, detail,
//     action }), new UserError(...), or as the title/detail/action of an object literal handed to them.
// Test ids, class names, keys and log lines are not user-facing and are not looked at.
//
// SCOPE: every .ts/.tsx file under src/ui and src/state (tests and fixtures aside): SCAN_EVERYTHING is true
// since every file there was converted (i18n-rest). SCANNED_NOW is the earlier, narrower list, kept for the
// switch.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/** The lead's switch: true = every file under src/ui and src/state. */
const SCAN_EVERYTHING = true;

const SRC = path.resolve(import.meta.dirname, '..', '..');

/** The files converted so far (relative to src/); a folder name covers every file below it. */
const SCANNED_NOW = [
  'ui/Viewer.tsx',
  'ui/OptionsForm.tsx',
  'ui/SettingsPanel.tsx',
  'ui/PrivacyPanel.tsx',
  'ui/BackendBadge.tsx',
  'ui/EngineHealthBanner.tsx',
  'ui/DropOverlay.tsx',
  'ui/FileName.tsx',
  'ui/ImageFilesInput.tsx',
  'ui/FileStorageNote.tsx',
  'ui/LanguageSwitch.tsx',
  'ui/predictionText.ts',
  'ui/resultText.ts',
  'ui/trust',
  'ui/batch',
  'ui/intake',
  'state',
];

/**
 * Text that reads the same in every language, so it may stay in code. Short on purpose:
 * - product and backend names (Glassbox, WebGPU, WebGL, WASM, CPU) are names, not words;
 * - "W/L" and "HU" are the field's abbreviations for window/level and Hounsfield units, kept in Chinese too.
 */
const ALLOWED = new Set(['Glassbox', 'WebGPU', 'WebGL', 'WASM', 'CPU', 'W/L', 'HU']);

const ATTRIBUTES = new Set(['title', 'aria-label', 'aria-description', 'aria-roledescription', 'placeholder', 'alt', 'label']);
const NOTICE_FIELDS = new Set(['title', 'detail', 'action']);
const NOTICE_CALLS = new Set(['notify', 'UserError']);

const LETTER = /\p{L}/u;

export interface Finding {
  file: string;
  line: number;
  text: string;
  why: string;
}

function userText(s: string): boolean {
  const t = s.trim();
  return LETTER.test(t) && !ALLOWED.has(t);
}

/** The literal text of an expression, when it is one: 'x', `x`, or the static parts of `a ${b} c`. */
function literalText(e: ts.Expression | undefined): string | null {
  if (!e) return null;
  if (ts.isParenthesizedExpression(e)) return literalText(e.expression);
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
  if (ts.isTemplateExpression(e)) return [e.head.text, ...e.templateSpans.map((s) => s.literal.text)].join(' ');
  if (ts.isConditionalExpression(e)) return [literalText(e.whenTrue), literalText(e.whenFalse)].filter((x) => x !== null).join(' ') || null;
  if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.PlusToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken || e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken))
    return [literalText(e.left), literalText(e.right)].filter((x) => x !== null).join(' ') || null;
  return null;
}

function calleeName(e: ts.Expression): string | null {
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return null;
}

/** The user-facing literals in one file's source. */
export function scanSource(file: string, source: string): Finding[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: Finding[] = [];
  const add = (node: ts.Node, text: string, why: string) =>
    out.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, text: text.trim().slice(0, 80), why });
  const checkNoticeArg = (arg: ts.Expression, why: string) => {
    const lit = literalText(arg);
    if (lit !== null && userText(lit)) add(arg, lit, why);
    if (ts.isObjectLiteralExpression(arg)) {
      for (const p of arg.properties) {
        if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && NOTICE_FIELDS.has(p.name.text)) {
          const v = literalText(p.initializer);
          if (v !== null && userText(v)) add(p, v, `${why} ${p.name.text}`);
        }
      }
    }
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && userText(node.text)) add(node, node.text, 'JSX text');
    if (ts.isJsxAttribute(node) && ATTRIBUTES.has(node.name.getText(sf)) && node.initializer) {
      const init = node.initializer;
      const text = ts.isStringLiteral(init) ? init.text : ts.isJsxExpression(init) ? literalText(init.expression) : null;
      if (text !== null && userText(text)) add(node, text, `attribute ${node.name.getText(sf)}`);
    }
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && NOTICE_CALLS.has(calleeName(node.expression) ?? '')) {
      for (const a of node.arguments ?? []) checkNoticeArg(a, `${calleeName(node.expression)}()`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? walk(p) : [p];
  });
}

function scannedFiles(): string[] {
  const roots = SCAN_EVERYTHING ? ['ui', 'state'] : SCANNED_NOW;
  return roots
    .flatMap((r) => {
      const p = path.join(SRC, r);
      return fs.statSync(p).isDirectory() ? walk(p) : [p];
    })
    .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) && !/fixtures\.ts$/.test(f));
}

describe('no user-facing strings outside the catalogues', () => {
  it('the scanner finds what it should and leaves the rest', () => {
    const src = `
      export function A() {
        return (<div data-testid="x-y" className="muted">
          <p title="Hover text">Hello world</p>
          <p>{t('ok')} · 42%</p>
          <img alt={\`Photo of \${name}\`} aria-label={t('label')} />
          <span>WebGPU</span>
        </div>);
      }
      actions.notify({ kind: 'info', title: 'Saved', detail: t('x'), action: 'Try again.' });
      throw new UserError('Broken file', t('y'));
      console.warn('[glassbox] a log line is not user-facing');
      const key = 'glassbox-language';`;
    const found = scanSource('fixture.tsx', src).map((f) => `${f.why}: ${f.text}`);
    expect(found.sort()).toEqual(
      ['JSX text: Hello world', 'attribute title: Hover text', 'attribute alt: Photo of', 'notify() title: Saved', 'notify() action: Try again.', 'UserError(): Broken file'].sort(),
    );
  });

  it(`every scanned file (${SCAN_EVERYTHING ? 'all of src/ui and src/state' : 'the converted ones'}) takes its words from the catalogues`, () => {
    const files = scannedFiles();
    expect(files.length).toBeGreaterThan(SCAN_EVERYTHING ? 50 : SCANNED_NOW.length - 1);
    const findings = files.flatMap((f) => scanSource(path.relative(SRC, f), fs.readFileSync(f, 'utf8')));
    expect(findings.map((f) => `${f.file}:${f.line} ${f.why}: "${f.text}"`)).toEqual([]);
  });
});
