// The model kept in this tab (services/tab-model.svelte.ts): questions go to the worker that
// trained it by id and each answer reaches its own question, errors included; a newer model
// replaces the worker and fails what was still asked of the old one. The "worker" here answers
// over a real MessageChannel, as a Web Worker's port would.
import { describe, expect, it } from 'vitest';
import { tabModel } from '../../web/src/lib/services/tab-model.svelte.ts';
import type { WorkerMessage, WorkerRequest } from '../../web/src/lib/workers/gpt-worker-protocol.ts';

/** A worker stand-in on a MessageChannel: answers samples with the prompt reversed, attention with an error. */
function channelWorker(hold = false): Worker & { terminated: boolean } {
  const { port1: page, port2: inside } = new MessageChannel();
  inside.onmessage = (e: MessageEvent<WorkerRequest>) => {
    const r = e.data;
    if (r.type !== 'ask' || hold) return;
    const reply: WorkerMessage =
      r.question.type === 'sample'
        ? { type: 'answer', id: r.id, answer: { type: 'sample', text: [...(r.question.request.prompt ?? '')].reverse().join('') } }
        : { type: 'answer-error', id: r.id, message: 'no attention here' };
    inside.postMessage(reply);
  };
  const w = {
    terminated: false,
    set onmessage(f: ((e: MessageEvent) => void) | null) {
      page.onmessage = f;
    },
    postMessage: (m: unknown) => page.postMessage(m),
    terminate() {
      w.terminated = true;
      page.close();
    },
  };
  return w as unknown as Worker & { terminated: boolean };
}

describe('the model trained in this tab', () => {
  it('says when there is none yet', async () => {
    expect(tabModel.available).toBe(false);
    await expect(tabModel.ask({ type: 'attention', text: 'x' })).rejects.toThrow(/no model was trained in this tab yet/);
  });

  it('answers each question by its id, errors to the one that asked', async () => {
    tabModel.adopt(channelWorker());
    expect(tabModel.available).toBe(true);
    const [a, b, c] = [
      tabModel.ask({ type: 'sample', request: { prompt: 'abc' } }),
      tabModel.ask({ type: 'attention', text: 'x' }),
      tabModel.ask({ type: 'sample', request: { prompt: 'xyz' } }),
    ];
    expect((await a).text).toBe('cba');
    await expect(b).rejects.toThrow('no attention here');
    expect((await c).text).toBe('zyx');
  });

  it('a newer model ends the old worker and fails its open questions', async () => {
    const old = channelWorker(true);
    tabModel.adopt(old);
    const open = tabModel.ask({ type: 'sample', request: { prompt: 'lost' } });
    tabModel.adopt(channelWorker());
    expect(old.terminated).toBe(true);
    await expect(open).rejects.toThrow('the model of this tab was replaced');
    expect((await tabModel.ask({ type: 'sample', request: { prompt: 'ok' } })).text).toBe('ko');
  });
});
