/**
 * Text normalisation shared by indexing and querying, so both engines see the same words:
 * lower case, accents removed, every run of non-letters/digits a single space (an address
 * like bob@example.com becomes "bob example com").
 */
export function searchWords(text: string): string[] {
  return (
    text
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

export const MAX_SEARCH_DOC_CHARS = 200_000;

export function searchDocText(parts: (string | null | undefined)[]): string {
  return searchWords(parts.filter(Boolean).join(' ')).join(' ');
}

/** At most 8 words; the last one (of two letters or more) matches as a prefix: typing "ann" finds Anna. */
export function searchQueryWords(q: string): string[] {
  return searchWords(q).slice(0, 8);
}
