/**
 * SQLite's search queue (search-store.ts): a `replace` row makes the text the conversation's whole
 * document (an erasure), in queue order with the texts around it, in one batch or across batches.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import SQLite from 'better-sqlite3';
import { applyQueue, createSearchSchema, markBuilt } from '../../src/server/db/search-store.js';

function setup() {
  const main = new SQLite(':memory:');
  main.exec(
    'create table search_queue (id integer primary key autoincrement, conversation_id text not null, text text, replace integer not null default 0)',
  );
  const search = new SQLite(':memory:');
  createSearchSchema(search);
  markBuilt(search, 0);
  const queue = (conv: string, text: string | null, replace = 0) =>
    main.prepare('insert into search_queue (conversation_id, text, replace) values (?, ?, ?)').run(conv, text, replace);
  const doc = (conv: string) =>
    (
      search
        .prepare('select f.doc from conversation_search f join search_docs d on d.seq = f.rowid where d.conversation_id = ?')
        .get(conv) as { doc: string } | undefined
    )?.doc ?? null;
  return { main, search, queue, doc };
}

test('a replacement starts the document over; texts after it are added to it', () => {
  const { main, search, queue, doc } = setup();
  queue('c1', 'Alpha secret');
  queue('c2', 'other words');
  applyQueue(search, main);
  assert.equal(doc('c1'), 'alpha secret');
  // In one batch: more text, then the replacement, then a new message.
  queue('c1', 'beta');
  queue('c1', 'gamma', 1);
  queue('c1', 'delta');
  applyQueue(search, main);
  assert.equal(doc('c1'), 'gamma delta');
  assert.equal(doc('c2'), 'other words', 'other documents untouched');
  // Across batches: a replacement alone, then a text.
  queue('c1', 'epsilon', 1);
  applyQueue(search, main);
  assert.equal(doc('c1'), 'epsilon');
  queue('c1', 'zeta');
  applyQueue(search, main);
  assert.equal(doc('c1'), 'epsilon zeta');
  // A removal then a text in one batch: only the text.
  queue('c2', null);
  queue('c2', 'fresh');
  applyQueue(search, main);
  assert.equal(doc('c2'), 'fresh');
  const hits = search.prepare(`select count(*) as n from conversation_search where conversation_search match 'secret'`).get() as {
    n: number;
  };
  assert.equal(hits.n, 0, 'the replaced words are gone from the index');
});
