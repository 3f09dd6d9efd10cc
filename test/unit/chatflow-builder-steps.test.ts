/** The builder's edits of a draft flow: new steps, moves, and the problems shown before publishing. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ChatflowDefinition } from '../../src/common/chatflow.js';
import {
  blankFlow,
  draftProblems,
  errorsByStep,
  moveStep,
  moveStepTo,
  newStep,
  problemKind,
  removeStep,
  renameStep,
  stepIdProblem,
  stepTypes,
} from '../../src/web/settings/chatflows/steps.js';

describe('chatflow builder steps', () => {
  test('a new step of every kind gets an id no other step has', () => {
    let def = blankFlow('F', 'Hi');
    for (const type of [...stepTypes, ...stepTypes]) def = { ...def, steps: [...def.steps, newStep(def, type)] };
    const ids = def.steps.map((s) => s.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(ids.includes('question_2') && ids.includes('message_2') && ids.includes('handoff_3'));
  });

  test('a blank flow has no problems; each added step is never reached until something goes to it', () => {
    const def = blankFlow('F', 'Hi');
    assert.deepEqual(draftProblems(def), []);
    for (const type of stepTypes) {
      const added = { ...def, steps: [...def.steps, newStep(def, type)] };
      const kinds = draftProblems(added).map(problemKind);
      assert.ok(kinds.includes('unreachable'), type);
    }
  });

  test('a go-to naming a removed step, a case without a go-to, and no steps at all are problems', () => {
    const def: ChatflowDefinition = {
      name: 'F',
      botName: 'Bot',
      trigger: { when: 'always', pages: [] },
      steps: [
        { id: 'q', type: 'question', text: 'Which?', buttons: [{ label: 'A', next: 'a' }], next: 'b' },
        { id: 'a', type: 'message', text: 'A' },
        { id: 'b', type: 'branch', on: { kind: 'answer' }, cases: [{ equals: 'x', next: '' }] },
      ],
    };
    assert.deepEqual(
      draftProblems(def).map((p) => [p.stepId, p.field, problemKind(p)]),
      [['b', 'cases.0.next', 'noTarget']],
    );
    const without = removeStep(def, 1);
    assert.deepEqual(
      draftProblems(without).map((p) => [p.stepId, p.field, problemKind(p)]),
      [
        ['q', 'buttons.0.next', 'missing'],
        ['b', 'cases.0.next', 'noTarget'],
      ],
    );
    assert.deepEqual(draftProblems({ ...def, steps: [] }).map(problemKind), ['empty']);
  });

  test('moving stays inside the list; the server’s field errors follow the step they were about', () => {
    const def = blankFlow('F', 'Hi');
    assert.equal(moveStep(def, 0, -1), def);
    assert.equal(moveStep(def, 1, 1), def);
    const moved = moveStep(def, 1, -1);
    assert.deepEqual(
      moved.steps.map((s) => s.id),
      ['handoff_1', 'message_1'],
    );
    const errs = errorsByStep(
      { 'draft.steps.0.text': 'Too short', 'steps.1': 'Bad', 'draft.name': 'Required', 'steps.9.text': 'Gone' },
      def,
    );
    assert.deepEqual(errs.steps.get('message_1'), { text: 'Too short' });
    assert.deepEqual(errs.steps.get('handoff_1'), { id: 'Bad' });
    assert.deepEqual(errs.other, { name: 'Required', 'steps.9.text': 'Gone' });
  });

  test('renaming a step renames every go-to that named it, of every kind, and nothing else', () => {
    const def: ChatflowDefinition = {
      name: 'F',
      botName: 'Bot',
      trigger: { when: 'always', pages: [] },
      steps: [
        { id: 'ask', type: 'question', text: 'Sales?', buttons: [{ label: 'Yes', next: 'sales' }, { label: 'No' }], next: 'sales' },
        { id: 'sales', type: 'branch', on: { kind: 'answer' }, cases: [{ equals: 'x', next: 'sales' }], otherwise: 'hook' },
        { id: 'hook', type: 'webhook', url: 'https://example.org/', branches: { vip: 'sales', other: 'bye' }, next: 'sales' },
        { id: 'bye', type: 'handoff', nobodyAvailable: 'sales' },
      ],
    };
    const renamed = renameStep(def, 'sales', 'sales_team');
    assert.deepEqual(draftProblems(renamed), draftProblems(def));
    const json = JSON.stringify(renamed);
    assert.equal((json.match(/"sales"/g) ?? []).length, 0);
    assert.equal((json.match(/"sales_team"/g) ?? []).length, 7);
    assert.deepEqual(
      renamed.steps.map((s) => s.id),
      ['ask', 'sales_team', 'hook', 'bye'],
    );
    // The button without a go-to keeps none; other names are untouched.
    assert.equal((renamed.steps[0] as { buttons: { next?: string }[] }).buttons[1]!.next, undefined);
    assert.equal((renamed.steps[1] as { otherwise?: string }).otherwise, 'hook');
  });

  test('a new step name must be well formed and unused', () => {
    const def = blankFlow('F', 'Hi');
    assert.equal(stepIdProblem(def, 'welcome', 'message_1'), null);
    assert.equal(stepIdProblem(def, 'message_1', 'message_1'), null);
    assert.equal(stepIdProblem(def, 'handoff_1', 'message_1'), 'taken');
    assert.equal(stepIdProblem(def, 'two words', 'message_1'), 'format');
    assert.equal(stepIdProblem(def, '', 'message_1'), 'format');
  });

  test('a dragged step lands where it is dropped, the others keeping their order', () => {
    let def = blankFlow('F', 'Hi');
    for (const type of ['question', 'branch', 'end'] as const) def = { ...def, steps: [...def.steps, newStep(def, type)] };
    const ids = (d: ChatflowDefinition) => d.steps.map((s) => s.id).join(' ');
    assert.equal(ids(def), 'message_1 handoff_1 question_1 branch_1 end_1');
    assert.equal(ids(moveStepTo(def, 4, 1)), 'message_1 end_1 handoff_1 question_1 branch_1');
    assert.equal(ids(moveStepTo(def, 0, 3)), 'handoff_1 question_1 branch_1 message_1 end_1');
    assert.equal(ids(moveStepTo(def, 2, 2)), ids(def));
    assert.equal(ids(moveStepTo(def, 2, 9)), ids(def));
  });
});
