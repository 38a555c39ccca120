/**
 * Serialises a {@linkcode Graph} to ONNX `ModelProto` bytes. The only file that
 * imports the protobuf packages (`@bufbuild/protobuf` + `onnx-buf`, the typed ONNX
 * 1.20 schema as ES modules with int64 as bigint).
 *
 * Speed: initializers are written as `raw_data` straight from their typed arrays'
 * bytes (little-endian platforms). Everything except the initializer payloads goes
 * through `toBinary`; the payloads are spliced in with hand-written length-delimited
 * field headers, so each weight byte is copied at most once: into the final buffer
 * ({@linkcode serializeModel}), or not at all ({@linkcode serializeModelChunks}, for
 * streaming to a file).
 *
 * @module
 */

import { create, toBinary } from "@bufbuild/protobuf";
import {
  type AttributeProto,
  AttributeProto_AttributeType,
  AttributeProtoSchema,
  GraphProtoSchema,
  ModelProtoSchema,
  type NodeProto,
  TensorProto_DataLocation,
  TensorProtoSchema,
  type ValueInfoProto,
} from "onnx-buf";
import {
  type Attribute,
  type ConstTensor,
  type Graph,
  type Initializer,
  onnxTypeCode,
  type TensorData,
  type Value,
} from "./graph.ts";

/** The ONNX opset the op builders follow. */
export const DEFAULT_OPSET = 18;

/** Options of {@linkcode serializeModel}. */
export interface SerializeOptions {
  /** Opset version of the default domain. @default 18 */
  opset?: number;
  /** Producer name written into the model. @default "chronos-deno" */
  producerName?: string;
  /** Opset versions of the other domains the nodes use. @default { "ai.onnx.ml": 3, "com.microsoft": 1 } */
  domainVersions?: Readonly<Record<string, number>>;
  /**
   * Where an initializer's bytes live outside the model, or undefined to embed
   * them. Referenced tensors are written as ONNX external data
   * (`data_location: EXTERNAL`, with `location`, `offset`, `length`), the bytes
   * already stored there in the initializer's dtype, little-endian, row-major.
   * @default every initializer embedded
   */
  externalData?: (init: Initializer) => ExternalDataRef | undefined;
}

/** Where an initializer's bytes are stored outside the model file. */
export interface ExternalDataRef {
  /** File path relative to the model file's folder, e.g. `model.safetensors`. */
  location: string;
  /** Byte offset of the first element in that file. */
  offset: number;
  /** Byte length: the tensor's element count × element size. */
  length: number;
}

/** Opset versions written for non-default domains unless `domainVersions` says otherwise. */
const DOMAIN_VERSIONS: Readonly<Record<string, number>> = { "ai.onnx.ml": 3, "com.microsoft": 1 };

function opsetImports(graph: Graph, opset: number, opts: SerializeOptions) {
  const out = [{ domain: "", version: BigInt(opset) }];
  for (const domain of new Set(graph.nodes.map((n) => n.domain ?? ""))) {
    if (domain === "") continue;
    const version = opts.domainVersions?.[domain] ?? DOMAIN_VERSIONS[domain];
    if (version === undefined) {
      throw new RangeError(
        `Cannot serialise graph "${graph.name}": no opset version for domain "${domain}": ` +
          `pass it in domainVersions`,
      );
    }
    out.push({ domain, version: BigInt(version) });
  }
  return out;
}

// Field numbers of onnx.proto (stable since ONNX 1.0).
const MODEL_GRAPH_FIELD = 7;
const GRAPH_INITIALIZER_FIELD = 5;
const TENSOR_RAW_DATA_FIELD = 9;

function bytesOf(data: TensorData): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function varintLength(n: number): number {
  let len = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    len++;
  }
  return len;
}

function writeVarint(out: Uint8Array, at: number, n: number): number {
  while (n >= 0x80) {
    out[at++] = (n % 128) | 0x80;
    n = Math.floor(n / 128);
  }
  out[at++] = n;
  return at;
}

/** A message built from parts: protobuf bytes and raw payloads, each with a field header. */
type Part = Uint8Array | { field: number; body: Part[]; length: number };

function partLength(p: Part): number {
  if (p instanceof Uint8Array) return p.length;
  return varintLength((p.field << 3) | 2) + varintLength(p.length) + p.length;
}

function delimited(field: number, body: Part[]): Part {
  return { field, body, length: body.reduce((a, q) => a + partLength(q), 0) };
}

function flatten(parts: readonly Part[], out: Uint8Array[]): void {
  for (const p of parts) {
    if (p instanceof Uint8Array) {
      out.push(p);
      continue;
    }
    const tag = (p.field << 3) | 2;
    const head = new Uint8Array(varintLength(tag) + varintLength(p.length));
    writeVarint(head, writeVarint(head, 0, tag), p.length);
    out.push(head);
    flatten(p.body, out);
  }
}

function tensorProto(name: string, t: ConstTensor, withData: boolean, ext?: ExternalDataRef) {
  return create(TensorProtoSchema, {
    name,
    dims: t.dims.map((d) => BigInt(d)),
    dataType: onnxTypeCode(t.dtype),
    ...(withData ? { rawData: bytesOf(t.data).slice() as Uint8Array<ArrayBuffer> } : {}),
    ...(ext
      ? {
        dataLocation: TensorProto_DataLocation.EXTERNAL,
        externalData: [
          { key: "location", value: ext.location },
          { key: "offset", value: String(ext.offset) },
          { key: "length", value: String(ext.length) },
        ],
      }
      : {}),
  });
}

function checkedRef(init: Initializer, ref: ExternalDataRef): ExternalDataRef {
  const bytes = init.data.byteLength;
  if (
    ref.length !== bytes || !Number.isSafeInteger(ref.offset) || ref.offset < 0 ||
    ref.location === "" || ref.location.startsWith("/") ||
    ref.location.split(/[\\/]/).includes("..")
  ) {
    throw new RangeError(
      `Cannot serialise initializer "${init.name}" as external data: ${ref.location} at ` +
        `${ref.offset} (+${ref.length}) must be a relative path inside the model folder, a ` +
        `non-negative offset and the tensor's ${bytes} bytes`,
    );
  }
  return ref;
}

function attributeProto(name: string, a: Attribute): AttributeProto {
  const T = AttributeProto_AttributeType;
  switch (a.type) {
    case "int":
      return create(AttributeProtoSchema, { name, type: T.INT, i: BigInt(a.value) });
    case "ints":
      return create(AttributeProtoSchema, {
        name,
        type: T.INTS,
        ints: a.value.map((v) => BigInt(v)),
      });
    case "float":
      return create(AttributeProtoSchema, { name, type: T.FLOAT, f: a.value });
    case "floats":
      return create(AttributeProtoSchema, { name, type: T.FLOATS, floats: [...a.value] });
    case "string":
      return create(AttributeProtoSchema, {
        name,
        type: T.STRING,
        s: new TextEncoder().encode(a.value) as Uint8Array<ArrayBuffer>,
      });
    case "strings":
      return create(AttributeProtoSchema, {
        name,
        type: T.STRINGS,
        strings: a.value.map((v) => new TextEncoder().encode(v) as Uint8Array<ArrayBuffer>),
      });
    case "tensor":
      return create(AttributeProtoSchema, {
        name,
        type: T.TENSOR,
        t: tensorProto("", a.value, true),
      });
  }
}

function valueInfo(v: Value): ValueInfoProto {
  return {
    $typeName: "onnx.ValueInfoProto",
    name: v.name,
    docString: "",
    metadataProps: [],
    type: {
      $typeName: "onnx.TypeProto",
      denotation: "",
      value: {
        case: "tensorType",
        value: {
          $typeName: "onnx.TypeProto.Tensor",
          elemType: onnxTypeCode(v.dtype),
          shape: {
            $typeName: "onnx.TensorShapeProto",
            dim: v.shape.map((d) => ({
              $typeName: "onnx.TensorShapeProto.Dimension",
              denotation: "",
              value: typeof d === "number"
                ? { case: "dimValue" as const, value: BigInt(d) }
                : d.startsWith("?")
                ? { case: undefined }
                : { case: "dimParam" as const, value: d },
            })),
          },
        },
      },
    },
  };
}

/**
 * Serialises a graph to ONNX `ModelProto` bytes as a list of chunks whose
 * concatenation is the model; weight payloads are views of the initializers' own
 * memory (no copy), so large models can be streamed to a file.
 *
 * @param graph the graph
 * @param opts opset and producer name
 * @returns the chunks, in order
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { relu } from "./ops/mod.ts";
 * import { serializeModelChunks } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * b.output(relu(b, b.input("x", "float32", [2])), "y");
 * assert.ok(serializeModelChunks(b.build()).length > 0);
 * ```
 */
export function serializeModelChunks(graph: Graph, opts: SerializeOptions = {}): Uint8Array[] {
  const opset = opts.opset ?? DEFAULT_OPSET;
  const nodes: NodeProto[] = graph.nodes.map((n) => ({
    $typeName: "onnx.NodeProto",
    input: [...n.inputs],
    output: [...n.outputs],
    name: n.name,
    opType: n.opType,
    domain: n.domain ?? "",
    overload: "",
    attribute: Object.entries(n.attributes).map(([k, a]) => attributeProto(k, a)),
    docString: "",
    metadataProps: [],
    deviceConfigurations: [],
  }));
  const graphHead = toBinary(
    GraphProtoSchema,
    create(GraphProtoSchema, {
      name: graph.name,
      node: nodes,
      input: graph.inputs.map(valueInfo),
      output: graph.outputs.map(valueInfo),
    }),
  );
  const inits: Part[] = graph.initializers.map((init) => {
    const ref = opts.externalData?.(init);
    if (ref) {
      const proto = tensorProto(init.name, init, false, checkedRef(init, ref));
      return delimited(GRAPH_INITIALIZER_FIELD, [toBinary(TensorProtoSchema, proto)]);
    }
    const head = toBinary(TensorProtoSchema, tensorProto(init.name, init, false));
    return delimited(GRAPH_INITIALIZER_FIELD, [
      head,
      delimited(TENSOR_RAW_DATA_FIELD, [bytesOf(init.data)]),
    ]);
  });
  const modelHead = toBinary(
    ModelProtoSchema,
    create(ModelProtoSchema, {
      irVersion: 8n,
      producerName: opts.producerName ?? "chronos-deno",
      opsetImport: opsetImports(graph, opset, opts),
    }),
  );
  const chunks: Uint8Array[] = [];
  flatten([modelHead, delimited(MODEL_GRAPH_FIELD, [graphHead, ...inits])], chunks);
  return chunks;
}

/**
 * Serialises a graph to ONNX `ModelProto` bytes (IR version 8; the default domain, plus
 * `ai.onnx.ml` or others named in `domainVersions` when nodes use them).
 * Each weight byte is copied once, into the returned buffer.
 *
 * @param graph the graph
 * @param opts opset and producer name
 * @returns the model bytes, loadable by ONNX Runtime
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { relu } from "./ops/mod.ts";
 * import { serializeModel } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * b.output(relu(b, b.input("x", "float32", [2])), "y");
 * assert.ok(serializeModel(b.build()).length > 0);
 * ```
 */
export function serializeModel(graph: Graph, opts: SerializeOptions = {}): Uint8Array {
  const chunks = serializeModelChunks(graph, opts);
  const out = new Uint8Array(chunks.reduce((a, c) => a + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
