/**
 * A catalogue: one namespace's user-facing strings in every language Glassbox speaks. Keys are dotted
 * paths ("panel.title"); values are i18next strings with {{placeholders}} and _one/_other plural forms
 * (https://www.i18next.com/translation-function/plurals). English is the reference: every key in `en` must
 * exist in `zh` (a test checks it).
 */
export interface Catalogue {
  en: CatalogueTree;
  zh: CatalogueTree;
}
export interface CatalogueTree {
  [key: string]: string | CatalogueTree;
}
