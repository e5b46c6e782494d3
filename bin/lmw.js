#!/usr/bin/env node
// The `lmw` command. Registers tsx so the TypeScript sources run as they are, then hands over.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../server/cli/program.ts');
await runCli(process.argv);
