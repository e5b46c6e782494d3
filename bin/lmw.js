#!/usr/bin/env node
// The `lmw` command. Registers tsx so the TypeScript sources run as they are, then hands over.
// Node 20 accepts WebAssembly's relaxed SIMD (fused multiply-add: about +25 % on the wasm
// backend's matmul) only behind a V8 flag; it is set before any kernel module is compiled.
import { register } from 'tsx/esm/api';
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--experimental-wasm-relaxed-simd');
register();
const { runCli } = await import('../server/cli/program.ts');
await runCli(process.argv);
