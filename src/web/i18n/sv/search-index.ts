/** Swedish: sökningar medan sökindexet byggs om, och administratörernas avisering. */
import type { searchIndex as en } from '../en/search-index.js';

export const searchIndex: Record<keyof typeof en, string> = {
  'searchIndex.partial': 'Sökindexet byggs fortfarande ({percent}\u00a0%): resultaten kan vara ofullständiga.',
  'searchIndex.building': 'Sökindexet byggs om',
  'searchIndex.percent': '{percent}\u00a0%',
  'searchIndex.detail':
    '{done, plural, other {#}} av {total, plural, one {# konversation} other {# konversationer}} indexerade. Tills det är klart kan sökningar missa resten.',
  'searchIndex.done': 'Sökindexet är ombyggt',
};
