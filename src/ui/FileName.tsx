// File names as the interface shows them. A name is isolated (<bdi>: unicode-bidi isolate), so a
// right-to-left override inside it cannot reorder the text around it, and ellipsised on one line, so a
// 300-character name cannot widen the page; the whole name is in the tooltip and, when the name is
// focused (or its focusable parent is), shown wrapped in full.

import { Fragment, type ReactNode } from 'react';
import { FSI, PDI } from '../shared/names';

/** One file name: isolated, ellipsised, the full name on hover (title) and focus. */
export function FileName({ name, className, focusable, testId }: { name: string; className?: string; focusable?: boolean; testId?: string }) {
  return (
    <bdi className={className ? `file-name ${className}` : 'file-name'} title={name} tabIndex={focusable ? 0 : undefined} data-testid={testId}>
      {name}
    </bdi>
  );
}

// A quoted run "…" or “…” that is not already isolated: how messages from elsewhere name files.
const QUOTED = /"[^"\u2068\n]+"|“[^”\u2068\n]+”/g;

/** The PDI that closes the isolate opened at `open` (isolates the name opens itself are skipped), or -1. */
function matchingPdi(text: string, open: number): number {
  let depth = 0;
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\u2066' || c === '\u2067' || c === FSI) depth++;
    else if (c === PDI) {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/**
 * Message text (a notice's title, detail or action) with every file name in it isolated. Names marked
 * with FSI…PDI (shared/names.ts quoteName) become <FileName> elements without the marks; as a fallback, every
 * other quoted run (how messages written elsewhere name files and models) is isolated too. Other text is rendered as it is.
 */
export function MessageText({ text }: { text: string }): ReactNode {
  const parts: ReactNode[] = [];
  let key = 0;
  const plain = (s: string) => {
    let last = 0;
    for (const m of s.matchAll(QUOTED)) {
      parts.push(s.slice(last, m.index + 1), <FileName key={key++} name={m[0].slice(1, -1)} />);
      last = m.index + m[0].length - 1;
    }
    parts.push(s.slice(last));
  };
  let pos = 0;
  while (pos < text.length) {
    const open = text.indexOf(FSI, pos);
    const close = open < 0 ? -1 : matchingPdi(text, open);
    if (close < 0) break;
    plain(text.slice(pos, open));
    parts.push(<FileName key={key++} name={text.slice(open + 1, close)} />);
    pos = close + 1;
  }
  plain(text.slice(pos));
  return <Fragment>{parts}</Fragment>;
}
