// The GPTs a page can question — any saved run or added pretrained decoder (on the server) or the
// one trained in this tab (in its worker) — behind one pair of calls: sample text, and attention maps for a text.
// The Attention page and the GPT page's generator use it; neither reaches into the other's state.
import * as api from '../api.ts';
import type { AttentionResponse, SampleRequest } from '../../../../src/contract/index.ts';
import { tabModel } from './tab-model.svelte.ts';

/** The source id of the model trained in this tab; any other source is a saved run's id. */
export const TAB = 'tab';

export { tabModel };

export async function sample(source: string, request: SampleRequest): Promise<string> {
  if (source === TAB) return (await tabModel.ask({ type: 'sample', request })).text;
  return (await api.sampleGptRun(source, request)).text;
}

/** Encoder runs' ids start so (server/features/encoder/run-store.ts): bidirectional maps. */
const isEncoderRun = (source: string) => source.startsWith('enc-');

/** Added pretrained models' ids start so (server/features/pretrained/store.ts). */
const isPretrained = (source: string) => source.startsWith('pt-');

export async function attention(source: string, text: string): Promise<AttentionResponse> {
  if (source === TAB) return (await tabModel.ask({ type: 'attention', text })).result;
  if (isPretrained(source)) return api.pretrainedAttention(source, text);
  if (isEncoderRun(source)) return api.encoderAttention(source, text);
  return api.gptAttention(source, text);
}

/** The saved runs, newest first as the server lists them. */
export const savedRuns = () => api.listGptRuns();

/** The added pretrained models (GPT-2, Llama; their ids answer attention() too). */
export const pretrainedModels = () => api.listPretrained();

/** The Classifier page's encoder runs (their ids answer attention() with bidirectional maps). */
export const encoderRuns = () => api.listEncoderRuns();
