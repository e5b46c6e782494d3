// GET /api/health: version, uptime and the compute backends this machine has.
// Leaves out the backend a job picked (a run's `backend` label says that).
import { z } from 'zod';

export const adapterInfoSchema = z.object({ vendor: z.string(), architecture: z.string(), device: z.string(), description: z.string() });
export type AdapterInfo = z.infer<typeof adapterInfoSchema>;

export const healthBackendSchema = z.discriminatedUnion('name', [
  z.object({ name: z.literal('cpu'), available: z.literal(true) }),
  z.object({
    name: z.literal('webgpu'),
    available: z.boolean(),
    adapter: adapterInfoSchema.optional(),
    driver: z.enum(['system', 'swiftshader']).optional(),
    icd: z.string().optional(),
    error: z.string().optional(),
  }),
]);
export type HealthBackend = z.infer<typeof healthBackendSchema>;

export const healthSchema = z.object({
  name: z.string(),
  version: z.string(),
  uptimeSeconds: z.number(),
  node: z.string(),
  backends: z.array(healthBackendSchema),
});
export type Health = z.infer<typeof healthSchema>;
