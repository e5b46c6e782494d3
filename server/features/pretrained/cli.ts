// `lmw pretrained add|list|show|remove|pull` and `lmw export onnx`: Hugging Face folders in the
// data directory (add copies a local folder; pull downloads a hub repository with a progress
// bar, resumable), and the ONNX export of any model `--model` names, in transformers.js's layout.
// Leaves out the browser's upload (routes.ts). Reference: server/features/models/resolve.ts.
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { ProgressBar } from '../../cli/progress-bar.ts';
import { DATA_DIR_OPTION, withWorkspace, type DataFlags } from '../../cli/shared.ts';
import type { PretrainedSummary } from '../../../src/contract/pretrained.ts';
import { pretrainedStore } from './store.ts';
import { pullModel } from './pull.ts';
import { exportOnnx } from './export-onnx.ts';

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

function describe(m: PretrainedSummary): string {
  const c = m.config;
  return `${m.name}  (${m.id})  ${m.family} ${c.architecture}: ${c.layers} layers × ${c.heads} heads × ${c.hidden}, vocab ${c.vocabSize}, context ${c.contextLength}, ${(m.parameters / 1e6).toFixed(2)} M parameters${m.hasOnnx ? ', ONNX' : ''}`;
}

export function addPretrainedCommands(program: Command): void {
  const pre = program.command('pretrained').description('Hugging Face model folders (GPT-2, Llama, BERT) kept in the data directory');
  pre
    .command('add <folder>')
    .description('copy a local Hugging Face folder (config.json, tokenizer.json, model.safetensors or shards, onnx/) into the data directory')
    .option('--name <name>', 'what to call it (default: the folder name)')
    .option(...DATA_DIR_OPTION)
    .action((folder: string, f: DataFlags & { name?: string }) =>
      withWorkspace(f, async (ws) => {
        const m = await pretrainedStore(ws).addFolder(folder, f.name ?? folder.replace(/\/+$/, '').split('/').pop()!, `folder ${resolve(folder)}`);
        process.stdout.write(`added ${describe(m)}\n`);
      }));
  pre
    .command('pull <hub-id>')
    .description('download a Hugging Face hub repository (HF_ENDPOINT or https://huggingface.co); an interrupted pull resumes')
    .option('--revision <rev>', 'branch, tag or commit', 'main')
    .option('--name <name>', 'what to call it (default: the hub id)')
    .option('--onnx', 'also fetch onnx/model.onnx (for the transformers.js cross-check)')
    .option(...DATA_DIR_OPTION)
    .action((repo: string, f: DataFlags & { revision: string; name?: string; onnx?: boolean }) =>
      withWorkspace(f, async (ws) => {
        const bar = new ProgressBar('pull');
        const { model, cached } = await pullModel(pretrainedStore(ws), { repo, revision: f.revision, name: f.name, onnx: f.onnx ?? false }, (file, bytes, total) =>
          bar.update(total ? bytes / total : 0, `${file} ${mb(bytes)}${total ? ` of ${mb(total)}` : ''}`));
        bar.done(`${cached ? 'already pulled' : 'pulled'}: ${describe(model)}`);
      }));
  pre
    .command('list')
    .description('the added models')
    .option(...DATA_DIR_OPTION)
    .action((f: DataFlags) =>
      withWorkspace(f, (ws) => {
        const models = pretrainedStore(ws).list();
        process.stdout.write(models.length ? `${models.map(describe).join('\n')}\n` : 'no pretrained models yet (lmw pretrained add <folder> or pull <hub-id>)\n');
      }));
  pre
    .command('show <model>')
    .description('one model (id or name): config, files, source')
    .option(...DATA_DIR_OPTION)
    .action((spec: string, f: DataFlags) =>
      withWorkspace(f, (ws) => {
        const store = pretrainedStore(ws);
        const m = store.get(spec);
        process.stdout.write(`${describe(m)}\nsource: ${m.source}\nfolder: ${store.dir(m.id)}\nfiles:\n${m.files.map((x) => `  ${x.name}  ${mb(x.bytes)}`).join('\n')}\n`);
      }));
  pre
    .command('remove <model>')
    .description('delete one model (id or name) and its files')
    .option(...DATA_DIR_OPTION)
    .action((spec: string, f: DataFlags) =>
      withWorkspace(f, (ws) => {
        const m = pretrainedStore(ws).remove(spec);
        process.stdout.write(`removed ${m.name} (${m.id})\n`);
      }));

  program
    .command('export')
    .description('write a model in another format')
    .command('onnx')
    .description("write <out>/onnx/model.onnx (transformers.js's layout) for a GPT run, a pretrained model or a folder")
    .requiredOption('--model <dir|name>', 'a model folder, a saved GPT run, or an added pretrained model')
    .option('--out <dir>', 'output folder (default: the model folder itself when it is a folder, else ./<name>-onnx)')
    .option('--attentions', 'also output attentions.{i}')
    .option(...DATA_DIR_OPTION)
    .action(async (f: DataFlags & { model: string; out?: string; attentions?: boolean }) => {
      const out = await exportOnnx(f, f.model, f.out, f.attentions ?? false);
      process.stdout.write(`wrote ${join(out, 'onnx', 'model.onnx')}\n`);
    });
}
