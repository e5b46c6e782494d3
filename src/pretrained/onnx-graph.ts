// A small builder for ONNX graphs over the onnx-proto messages: nodes with generated output
// names, float32 initializers, int64 constants, typed inputs and outputs with symbolic dims, and
// the serialized ModelProto. Leaves out every type but float32, int64 and bool, and subgraphs.
// Reference: https://onnx.ai/onnx/intro/concepts.html
import onnxProto from 'onnx-proto';
import { utf8Encode } from '../data/utf8.ts';

const { onnx } = onnxProto;
type Attr = number | number[] | string;
export type Dim = number | string;

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

function attribute(name: string, v: Attr): InstanceType<typeof onnx.AttributeProto> {
  const A = onnx.AttributeProto.AttributeType;
  if (typeof v === 'string') return onnx.AttributeProto.create({ name, type: A.STRING, s: Uint8Array.from(utf8Encode(v)) });
  if (Array.isArray(v)) return onnx.AttributeProto.create({ name, type: A.INTS, ints: v });
  return Number.isInteger(v) ? onnx.AttributeProto.create({ name, type: A.INT, i: v }) : onnx.AttributeProto.create({ name, type: A.FLOAT, f: v });
}

/** A float attribute that happens to be a whole number (ONNX tells INT and FLOAT apart). */
export class FloatAttr {
  constructor(readonly value: number) {}
}

function valueInfo(name: string, elemType: number, dims: Dim[]) {
  return onnx.ValueInfoProto.create({
    name,
    type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
  });
}

/** What a masked attention score becomes (as transformers does: the float32 minimum, not −∞). */
export const FLOAT32_MIN = -3.4028234663852886e38;

/** A (rows, cols) matrix transposed: HF's (out, in) weights as MatMul's (in, out). */
export function transposeMatrix(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c]!;
  return out;
}

/** A text file's bytes: a string as it is, anything else as indented JSON. */
export const jsonFile = (v: unknown) => Uint8Array.from(utf8Encode(typeof v === 'string' ? v : JSON.stringify(v, null, 2)));

/** tokenizer.json and a tokenizer_config.json that tells transformers.js to read it as is. */
export function tokenizerFiles(tokenizerJson: string | null): Record<string, Uint8Array> {
  if (tokenizerJson === null) return {};
  return { 'tokenizer.json': jsonFile(tokenizerJson), 'tokenizer_config.json': jsonFile({ tokenizer_class: 'PreTrainedTokenizerFast', clean_up_tokenization_spaces: false }) };
}

export const FLOAT = onnx.TensorProto.DataType.FLOAT;
export const INT64 = onnx.TensorProto.DataType.INT64;
export const BOOL = onnx.TensorProto.DataType.BOOL;

export class OnnxGraph {
  private readonly nodes: InstanceType<typeof onnx.NodeProto>[] = [];
  private readonly inits: InstanceType<typeof onnx.TensorProto>[] = [];
  private readonly inputs: InstanceType<typeof onnx.ValueInfoProto>[] = [];
  private readonly outputs: InstanceType<typeof onnx.ValueInfoProto>[] = [];
  private count = 0;

  /** A node; returns its output names (given ones, or fresh ones). */
  op(type: string, inputs: string[], attrs: Record<string, Attr | FloatAttr> = {}, outputs: number | string[] = 1): string[] {
    const names = Array.isArray(outputs) ? outputs : Array.from({ length: outputs }, (_, i) => `/${type}_${this.count}${outputs > 1 ? `_${i}` : ''}`);
    const attribute_ = Object.entries(attrs).map(([k, v]) =>
      v instanceof FloatAttr ? onnx.AttributeProto.create({ name: k, type: onnx.AttributeProto.AttributeType.FLOAT, f: v.value }) : attribute(k, v),
    );
    this.nodes.push(onnx.NodeProto.create({ opType: type, input: inputs, output: names, name: `${type}_${this.count++}`, attribute: attribute_ }));
    return names;
  }

  /** A node with one output. */
  one(type: string, inputs: string[], attrs: Record<string, Attr | FloatAttr> = {}, output?: string): string {
    return this.op(type, inputs, attrs, output ? [output] : 1)[0]!;
  }

  /** A float32 initializer (the weights, stored little-endian as raw data). */
  weight(name: string, dims: number[], data: Float32Array): string {
    const bytes = new Uint8Array(data.byteLength);
    const view = new DataView(bytes.buffer);
    if (LITTLE_ENDIAN) bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    else data.forEach((v, i) => view.setFloat32(4 * i, v, true));
    this.inits.push(onnx.TensorProto.create({ name, dims, dataType: FLOAT, rawData: bytes }));
    return name;
  }

  scalar(value: number): string {
    return this.weight(`/const_${this.count++}`, [], Float32Array.of(value));
  }

  /** A 1-D int64 constant (shapes, axes, split sizes). */
  ints(values: number[]): string {
    const name = `/ints_${this.count++}`;
    this.inits.push(onnx.TensorProto.create({ name, dims: [values.length], dataType: INT64, int64Data: values }));
    return name;
  }

  /**
   * allowed (B, 1, T, S) for q (…, T, d) and keys (…, S, d): key j ≤ query i + (S − T) (causal,
   * the queries last) and attention_mask (B, S) nonzero at j. Built from Range, no N×N table.
   */
  causalMask(attentionMask: string, q: string, keys: string): string {
    const dim = (t: string, axis: number) => this.one('Squeeze', [this.one('Slice', [this.one('Shape', [t]), this.ints([axis]), this.ints([axis + 1])]), this.ints([0])]);
    const S = dim(keys, 2);
    const T = dim(q, 2);
    const one = this.int64Scalar(1);
    const rows = this.one('Range', [this.one('Sub', [S, T]), S, one]); // (T): each query's absolute position
    const cols = this.one('Range', [this.int64Scalar(0), S, one]); // (S)
    const causal = this.one('LessOrEqual', [this.one('Unsqueeze', [cols, this.ints([0])]), this.one('Unsqueeze', [rows, this.ints([1])])]); // (T, S)
    const padding = this.one('Unsqueeze', [this.one('Cast', [attentionMask], { to: BOOL }), this.ints([1, 2])]); // (B, 1, 1, S)
    return this.one('And', [causal, padding]);
  }

  int64Scalar(value: number): string {
    const name = `/int_${this.count++}`;
    this.inits.push(onnx.TensorProto.create({ name, dims: [], dataType: INT64, int64Data: [value] }));
    return name;
  }

  input(name: string, elemType: number, dims: Dim[]): string {
    this.inputs.push(valueInfo(name, elemType, dims));
    return name;
  }

  output(name: string, elemType: number, dims: Dim[]): void {
    this.outputs.push(valueInfo(name, elemType, dims));
  }

  /** The serialized model (ONNX IR 8, default-domain opset given). */
  encode(opset: number, producer: string): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: producer,
      opsetImport: [{ domain: '', version: opset }],
      graph: { name: 'main', node: this.nodes, initializer: this.inits, input: this.inputs, output: this.outputs },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}
