// Messages between the Classifier page and its training worker: train (labelled texts and the
// recipe), stop, classify a text on the model kept in the worker; the worker answers with the
// backend it took, the session's events, the end (ours and the baseline on the test set), errors.
import type { BackendChoice } from '../../../../src/contract/gpt.ts';
import type { ClassifyResponse, EncoderSessionEvent, EncoderSessionResult, EncoderTrainRequest } from '../../../../src/contract/encoder.ts';

export type EncoderWorkerRequest =
  | { type: 'train'; texts: string[]; labels: string[]; train: EncoderTrainRequest; backend: BackendChoice }
  | { type: 'stop' }
  | { type: 'classify'; id: number; text: string };

export type EncoderWorkerMessage =
  | { type: 'backend'; label: string; fallback: string | null }
  | { type: 'event'; event: EncoderSessionEvent }
  | { type: 'done'; result: EncoderSessionResult; labels: string[]; parameters: number }
  | { type: 'error'; message: string }
  | { type: 'classified'; id: number; result: ClassifyResponse }
  | { type: 'classify-error'; id: number; message: string };
