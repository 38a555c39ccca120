// adam_w: one AdamW optimizer step (torch.optim.AdamW semantics) on flat f32
// buffers, with gradient clipping by global L2 norm
// (torch.nn.utils.clip_grad_norm_ semantics). Three entry points, run in
// order in one submission:
//
//   sum_squares    partials[partial_offset + tile] = (sum, compensation) of
//                  g^2 over one tile of WORKGROUP_SIZE * ITEMS_PER_THREAD
//                  gradients (Neumaier per invocation, TwoSum tree per
//                  workgroup). Dispatched once per chunk of the flat buffers.
//   finalize_norm  one workgroup adds all num_partials pairs and writes
//                  clip[0] = norm = sqrt(sum), clip[1] = scale =
//                  min(1, max_norm / (norm + 1e-6)) when clip_enabled, else 1.
//   adam_step      per element i, with g = grad[i] * scale:
//                    theta = theta * decay                    (decay = 1 - lr * weight_decay)
//                    m     = m + one_minus_beta1 * (g - m)    (torch's lerp, weight < 0.5)
//                    v     = v * beta2 + (one_minus_beta2 * g) * g
//                    denom = sqrt(v) / bc2_sqrt + eps         (bc2_sqrt = sqrt(1 - beta2^t))
//                    theta = theta + neg_step_size * (m / denom)   (neg_step_size = -lr / (1 - beta1^t))
//                  Dispatched once per chunk.
//
// Bindings (group 0); each entry point uses a subset:
//   0 uniform Params
//   1 grads     read        [n]          f32     (sum_squares, adam_step)
//   2 partials  read_write  [slots, 2]   f32     (sum_squares writes, finalize_norm reads)
//   3 clip      read_write  [2]          f32     (finalize_norm writes, adam_step reads)
//   4 theta     read_write  [n]          f32     (adam_step)
//   5 m         read_write  [n]          f32     (adam_step)
//   6 v         read_write  [n]          f32     (adam_step)
//
// Workgroup layout. Grids may be 2-D:
//   tile / element index = (gid or wid).x + (gid or wid).y * num_workgroups.x [* WORKGROUP_SIZE].
// finalize_norm runs as a single workgroup.
//
// Bounds. Elements at or past n are skipped; tiles past the last element
// write a zero pair.

override WORKGROUP_SIZE: u32;
override ITEMS_PER_THREAD: u32;

struct Params {
  n: u32,                // elements in this chunk
  partial_offset: u32,   // first partial slot of this chunk
  num_partials: u32,     // partial slots in all (finalize_norm)
  clip_enabled: u32,     // 1: clip by max_norm
  max_norm: f32,
  decay: f32,            // 1 - lr * weight_decay
  beta2: f32,
  one_minus_beta1: f32,
  one_minus_beta2: f32,
  neg_step_size: f32,    // -lr / (1 - beta1^t)
  bc2_sqrt: f32,         // sqrt(1 - beta2^t)
  eps: f32,
  _pad0: u32,
  _pad1: u32,
  _pad2: u32,
  _pad3: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> grads: array<f32>;
@group(0) @binding(2) var<storage, read_write> partials: array<f32>;
@group(0) @binding(3) var<storage, read_write> clip: array<f32>;
@group(0) @binding(4) var<storage, read_write> theta: array<f32>;
@group(0) @binding(5) var<storage, read_write> m: array<f32>;
@group(0) @binding(6) var<storage, read_write> v: array<f32>;

var<workgroup> sh_sum: array<f32, WORKGROUP_SIZE>;
var<workgroup> sh_err: array<f32, WORKGROUP_SIZE>;

// Neumaier: adds x to the pair (sum, compensation).
fn add(acc: vec2<f32>, x: f32) -> vec2<f32> {
  let s = acc.x + x;
  var c: f32;
  if (abs(acc.x) >= abs(x)) {
    c = (acc.x - s) + x;
  } else {
    c = (x - s) + acc.x;
  }
  return vec2<f32>(s, acc.y + c);
}

// TwoSum of two pairs.
fn combine(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> {
  let s = a.x + b.x;
  let bb = s - a.x;
  let err = (a.x - (s - bb)) + (b.x - bb);
  return vec2<f32>(s, a.y + b.y + err);
}

// Tree-reduces one pair per invocation; the result is valid in invocation 0.
fn reduce(lid: u32, value: vec2<f32>) -> vec2<f32> {
  sh_sum[lid] = value.x;
  sh_err[lid] = value.y;
  workgroupBarrier();
  for (var stride = WORKGROUP_SIZE / 2u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) {
      let r = combine(
        vec2<f32>(sh_sum[lid], sh_err[lid]),
        vec2<f32>(sh_sum[lid + stride], sh_err[lid + stride]),
      );
      sh_sum[lid] = r.x;
      sh_err[lid] = r.y;
    }
    workgroupBarrier();
  }
  return vec2<f32>(sh_sum[0], sh_err[0]);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn sum_squares(
  @builtin(local_invocation_index) lid: u32,
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
) {
  let tile = wid.x + wid.y * nwg.x;
  let start = tile * WORKGROUP_SIZE * ITEMS_PER_THREAD + lid;
  var acc = vec2<f32>(0.0, 0.0);
  for (var k = 0u; k < ITEMS_PER_THREAD; k++) {
    let i = start + k * WORKGROUP_SIZE;
    if (i < params.n) {
      let g = grads[i];
      acc = add(acc, g * g);
    }
  }
  let total = reduce(lid, acc);
  if (lid == 0u) {
    let at = (params.partial_offset + tile) * 2u;
    partials[at] = total.x;
    partials[at + 1u] = total.y;
  }
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn finalize_norm(@builtin(local_invocation_index) lid: u32) {
  var acc = vec2<f32>(0.0, 0.0);
  for (var i = lid; i < params.num_partials; i += WORKGROUP_SIZE) {
    acc = combine(acc, vec2<f32>(partials[2u * i], partials[2u * i + 1u]));
  }
  let total = reduce(lid, acc);
  if (lid == 0u) {
    let norm = sqrt(total.x + total.y);
    var scale = 1.0;
    if (params.clip_enabled != 0u) {
      scale = min(1.0, params.max_norm / (norm + 1e-6));
    }
    clip[0] = norm;
    clip[1] = scale;
  }
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn adam_step(
  @builtin(global_invocation_id) gid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
) {
  let i = gid.x + gid.y * nwg.x * WORKGROUP_SIZE;
  if (i >= params.n) {
    return;
  }
  let g = grads[i] * clip[1];
  let p = theta[i] * params.decay;
  let m1 = m[i] + params.one_minus_beta1 * (g - m[i]);
  let v1 = v[i] * params.beta2 + (params.one_minus_beta2 * g) * g;
  let denom = sqrt(v1) / params.bc2_sqrt + params.eps;
  theta[i] = p + params.neg_step_size * (m1 / denom);
  m[i] = m1;
  v[i] = v1;
}
