// Reading GPT-2 folders as the hub writes them: tensor names without the `transformer.` prefix,
// the causal-mask buffers (`attn.bias`, `attn.masked_bias`) and `lm_head.weight` are accepted and
// give the same model; unknown tensors, wrong shapes, non-F32 weights and configs we cannot model are
// refused with the name of the problem, and nothing is half-loaded.
import { describe, expect, it } from 'vitest';
import { createCpuBackend, fromArray, noGrad, scope } from '../../../src/tensor/index.ts';
import { readSafetensors, writeSafetensors, type NamedArray } from '../../../src/tensor/safetensors.ts';
import { Rng } from '../../../src/nn/random.ts';
import { GPT } from '../../../src/models/gpt/gpt.ts';
import { presetConfig, toHfConfig } from '../../../src/models/gpt/config.ts';
import { charCodecFromText } from '../../../src/tokenizers/codec.ts';
import { gptFolder, loadGptCheckpoint, textFile, type CheckpointFiles } from '../../../src/training/gpt-checkpoint.ts';

const cpu = createCpuBackend();
const codec = charCodecFromText('abcdefgh ');
const config = presetConfig('baby', codec.vocabSize, { nLayer: 2, nHead: 2, nEmbd: 8, contextLength: 6 });

async function folder(): Promise<{ model: GPT; files: CheckpointFiles; arrays: NamedArray[] }> {
  const model = new GPT(config, cpu, new Rng(3)).eval();
  const files = await gptFolder(model, codec);
  return { model, files, arrays: readSafetensors(files['model.safetensors']!).arrays };
}

const logitsOf = (m: GPT) => scope(() => noGrad(() => m.forward(fromArray(cpu, [1, 2, 3, 4], [1, 4], 'int32')).logits)).data();

describe('loadGptCheckpoint', () => {
  it('reads hub naming: no prefix, mask buffers and lm_head present', async () => {
    const { model, files, arrays } = await folder();
    const hub: NamedArray[] = arrays.map((a) => ({ ...a, name: a.name.replace(/^transformer\./, '') }));
    hub.push({ name: 'h.0.attn.bias', dtype: 'F32', shape: [1, 1, 6, 6], data: new Float32Array(36).fill(1) });
    hub.push({ name: 'h.1.attn.masked_bias', dtype: 'F32', shape: [1], data: Float32Array.of(-1e4) });
    hub.push({ name: 'lm_head.weight', dtype: 'F32', shape: [codec.vocabSize, 8], data: arrays.find((a) => a.name === 'transformer.wte.weight')!.data });
    const { model: loaded } = await loadGptCheckpoint(cpu, { ...files, 'model.safetensors': writeSafetensors(hub) });
    expect(Array.from(await logitsOf(loaded.eval()))).toEqual(Array.from(await logitsOf(model)));
  });

  it('refuses unknown tensors, wrong shapes, integer weights and unsupported configs by name', async () => {
    const { files, arrays } = await folder();
    const withExtra = writeSafetensors([...arrays, { name: 'transformer.h.9.mlp.c_fc.weight', dtype: 'F32', shape: [1], data: new Float32Array(1) }]);
    await expect(loadGptCheckpoint(cpu, { ...files, 'model.safetensors': withExtra })).rejects.toThrow(/tensors a GPT-2 of this config does not: transformer\.h\.9\.mlp\.c_fc\.weight/);
    const reshaped = arrays.map((a) => (a.name === 'transformer.h.0.attn.c_attn.weight' ? { ...a, shape: [24, 8] } : a));
    await expect(loadGptCheckpoint(cpu, { ...files, 'model.safetensors': writeSafetensors(reshaped) })).rejects.toThrow(/"transformer\.h\.0\.attn\.c_attn\.weight" has shape \[24, 8\], the model needs \[8, 24\]/);
    const ints = arrays.map((a) => (a.name === 'transformer.wte.weight' ? { ...a, dtype: 'I32' as const, data: new Int32Array(a.data.length) } : a));
    await expect(loadGptCheckpoint(cpu, { ...files, 'model.safetensors': writeSafetensors(ints) })).rejects.toThrow(/"wte\.weight" is I32|"transformer\.wte\.weight" is I32/);
    const missing = arrays.filter((a) => a.name !== 'transformer.ln_f.bias');
    await expect(loadGptCheckpoint(cpu, { ...files, 'model.safetensors': writeSafetensors(missing) })).rejects.toThrow(/no "transformer\.ln_f\.bias"/);
    const cfg = (o: object) => ({ ...files, 'config.json': textFile(JSON.stringify({ ...toHfConfig(config), ...o })) });
    await expect(loadGptCheckpoint(cpu, cfg({ n_embd: 9 }))).rejects.toThrow(/nEmbd \(9\) must be divisible by nHead \(2\)/);
    await expect(loadGptCheckpoint(cpu, cfg({ model_type: 'bert' }))).rejects.toThrow(/model_type must be "gpt2"/);
    await expect(loadGptCheckpoint(cpu, cfg({ activation_function: 'relu' }))).rejects.toThrow(/activation_function "relu" is not supported/);
    await expect(loadGptCheckpoint(cpu, cfg({ vocab_size: 3 }))).rejects.toThrow(/tokenizer\.json has 9 tokens but config\.json's vocab_size is 3/);
  });
});
