/** English: a search answered while the search index is rebuilt, and the admins' notice of the rebuild. */
export const searchIndex = {
  'searchIndex.partial': 'The search index is still being built ({percent}%): results may be incomplete.',
  'searchIndex.building': 'Rebuilding the search index',
  'searchIndex.percent': '{percent}%',
  'searchIndex.detail':
    '{done, plural, other {#}} of {total, plural, one {# conversation} other {# conversations}} indexed. Searches may miss the others until it is done.',
  'searchIndex.done': 'Search index rebuilt',
};
