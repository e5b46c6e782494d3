// The job kinds the server can run, by name. Each later tool adds its own entry.
import type { JobKind } from './runner.ts';

export const jobKinds: Record<string, JobKind> = {};
