// File names in interface text. A name is the person's (or a stranger's) text: it may hold right-to-left
// characters or bidi controls such as U+202E RIGHT-TO-LEFT OVERRIDE, which would otherwise reorder the
// words and numbers around it ("160×160" read as "061×061"). Unicode's bidi algorithm (UAX #9, X5a-X6a)
// ends every embedding and override a name opens at the matching POP DIRECTIONAL ISOLATE, so a name
// between FIRST STRONG ISOLATE and PDI cannot reach outside itself.

/** U+2068 FIRST STRONG ISOLATE: starts an isolate whose direction is the name's own. */
export const FSI = '\u2068';
/** U+2069 POP DIRECTIONAL ISOLATE: ends it, closing any embedding or override opened inside. */
export const PDI = '\u2069';

/** `name` between FSI and PDI, for plain text (tooltips, aria labels, messages). */
export function isolateName(name: string): string {
  return FSI + name + PDI;
}

/**
 * `"name"` for a message, the name isolated: `"⁨name⁩"`. The UI's message renderer turns each isolated
 * run into a <bdi> element and drops the two marks, so the text reads `"name"`.
 */
export function quoteName(name: string): string {
  return `"${isolateName(name)}"`;
}
