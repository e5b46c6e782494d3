// The messages between the GPT page and its training worker (gpt-train.worker.ts): train with a
// request in the server's own shape, stop, and questions to the model the worker keeps after
// training (sample, attention), each answered by id. Progress is the library's TrainingEvent.
import type {
  AttentionResponse, BackendChoice, GptModelRequest, GptTrainConfig, GptTrainRequest, SampleRequest, TrainingEvent,
} from '../../../../src/contract/index.ts';

export interface TrainOrder {
  type: 'train';
  /** The corpus's training text (a labelled corpus's texts, without their labels). */
  text: string;
  /** null: a character vocabulary built from the text. */
  tokenizerJson: string | null;
  model: GptModelRequest;
  train: GptTrainRequest;
  backend: BackendChoice;
}

export type Question = { type: 'sample'; request: SampleRequest } | { type: 'attention'; text: string };
export type Answer = { type: 'sample'; text: string } | { type: 'attention'; result: AttentionResponse };

export type WorkerRequest = TrainOrder | { type: 'stop' } | { type: 'ask'; id: number; question: Question };

export type WorkerMessage =
  | { type: 'backend'; label: string; fallback: string | null }
  | { type: 'event'; event: TrainingEvent }
  /** Training ended: the best weights as a GPT-2 folder, and the recipe as resolved. */
  | { type: 'done'; stopped: boolean; files: Record<string, Uint8Array>; train: GptTrainConfig }
  | { type: 'error'; message: string }
  | { type: 'answer'; id: number; answer: Answer }
  | { type: 'answer-error'; id: number; message: string };
